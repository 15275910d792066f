import { SafetensorsError } from '../errors.js';
import { dtypeSize, isDType, type DType } from '../dtype/dtype.js';

export type { DType } from '../dtype/dtype.js';

/** One tensor of a safetensors file. `begin`/`end` are absolute byte offsets in the file. */
export interface TensorEntry {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  /** In the order of their data in the file. */
  readonly entries: ReadonlyMap<string, TensorEntry>;
  readonly metadata: Readonly<Record<string, string>>;
  /** Absolute offset of the first data byte: 8 + the header's length. */
  readonly dataStart: number;
  readonly fileSize: number;
}

/** The reference implementation refuses headers above 100 MB; so do we, before allocating them. */
export const MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = '__metadata__';

/** Elements of a shape, or undefined when the product is not a safe integer. */
export function elementCount(shape: readonly number[]): number | undefined {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) return undefined;
  }
  return n;
}

/**
 * Validates a safetensors header: `bytes` are the JSON bytes that follow the 8-byte length, `fileSize` the size of
 * the whole file. Throws a SafetensorsError naming the file and key on the first problem.
 *
 * The data area must be covered exactly: tensors sorted by offset, each starting where the previous ended, the
 * last ending at the end of the file. Gaps and trailing bytes are errors, not warnings: the reference loader
 * (the `safetensors` crate behind torch and diffusers) refuses such files, so a file we accepted would not load
 * elsewhere, and a gap usually means a header that no longer matches its data.
 */
export function parseHeader(bytes: Uint8Array, fileSize: number, fileName: string): SafetensorsHeader {
  const fail = (reason: ConstructorParameters<typeof SafetensorsError>[1], detail: string, key?: string): never => {
    throw new SafetensorsError(fileName, reason, detail, key);
  };

  const dataStart = 8 + bytes.length;
  if (bytes.length > MAX_HEADER_BYTES) fail('header-length', `header of ${bytes.length} bytes is over the ${MAX_HEADER_BYTES}-byte limit`);
  if (dataStart > fileSize) {
    fail('header-length', `header length ${bytes.length} runs past the end of the file (${fileSize} bytes)`);
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail('header-encoding', 'header is not valid UTF-8 (not a safetensors file?)');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail('header-json', `header is not valid JSON (not a safetensors file?): ${(error as Error).message}`);
  }
  if (!isPlainObject(json)) return fail('header-json', 'header is not a JSON object');

  const dataLength = fileSize - dataStart;
  let metadata: Record<string, string> = {};
  const unsorted: TensorEntry[] = [];
  for (const [name, value] of Object.entries(json)) {
    if (name === METADATA_KEY) {
      metadata = parseMetadata(value, fail);
      continue;
    }
    unsorted.push(parseEntry(name, value, dataStart, fail));
  }

  // Stable sort by (begin, end) so zero-length tensors at a boundary come before the tensor starting there.
  const sorted = unsorted.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = dataStart;
  let gapAfter: TensorEntry | undefined;
  let gapAt: TensorEntry | undefined;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    if (e.begin < cursor) {
      const prev = sorted[i - 1]!;
      fail(
        'overlap',
        `data_offsets [${rel(e.begin, dataStart)}, ${rel(e.end, dataStart)}] overlap those of "${prev.name}" [${rel(prev.begin, dataStart)}, ${rel(prev.end, dataStart)}]`,
        e.name,
      );
    }
    if (e.begin > cursor && gapAt === undefined) {
      gapAt = e;
      gapAfter = sorted[i - 1];
    }
    cursor = e.end;
  }
  const described = cursor - dataStart;

  if (gapAt !== undefined) {
    // A layout with holes that also runs past the end is a bad offset, not a short file.
    const outside = sorted.find((e) => e.end - dataStart > dataLength);
    if (outside) {
      fail(
        'offset-out-of-range',
        `data_offsets [${rel(outside.begin, dataStart)}, ${rel(outside.end, dataStart)}] lie outside the data area of ${dataLength} bytes`,
        outside.name,
      );
    }
    const from = gapAfter ? gapAfter.end : dataStart;
    fail(
      'gap',
      `${gapAt.begin - from} unused bytes before its data_offsets [${rel(gapAt.begin, dataStart)}, ${rel(gapAt.end, dataStart)}]` +
        (gapAfter ? ` (after "${gapAfter.name}")` : ' (at the start of the data area)'),
      gapAt.name,
    );
  }
  if (described > dataLength) {
    const cut = sorted.find((e) => e.end - dataStart > dataLength)!;
    fail(
      'truncated',
      `file is truncated: the header describes ${described} data bytes but only ${dataLength} are present; ` +
        `this tensor's data_offsets [${rel(cut.begin, dataStart)}, ${rel(cut.end, dataStart)}] are cut off`,
      cut.name,
    );
  }
  if (described < dataLength) {
    fail('trailing-bytes', `${dataLength - described} unused bytes after the last tensor (the header describes ${described} data bytes)`);
  }

  const entries = new Map<string, TensorEntry>();
  for (const e of sorted) entries.set(e.name, e);
  return { entries, metadata: Object.freeze(metadata), dataStart, fileSize };
}

function rel(offset: number, dataStart: number): number {
  return offset - dataStart;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Fail = (reason: ConstructorParameters<typeof SafetensorsError>[1], detail: string, key?: string) => never;

function parseMetadata(value: unknown, fail: Fail): Record<string, string> {
  if (!isPlainObject(value)) return fail('metadata', '__metadata__ is not an object of strings', METADATA_KEY);
  // A null prototype: a key named "__proto__" must stay an ordinary entry.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail('metadata', `__metadata__ value of "${k}" is ${describe(v)}, not a string`, METADATA_KEY);
    out[k] = v as string;
  }
  return out;
}

function parseEntry(name: string, value: unknown, dataStart: number, fail: Fail): TensorEntry {
  if (!isPlainObject(value)) return fail('entry', `entry is ${describe(value)}, not an object with dtype, shape and data_offsets`, name);
  const { dtype, shape, data_offsets: offsets } = value;
  if (dtype === undefined) fail('entry', 'entry has no "dtype"', name);
  if (!isDType(dtype)) return fail('dtype', `unknown dtype ${JSON.stringify(dtype)}`, name);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    return fail('shape', `shape ${JSON.stringify(shape) ?? 'undefined'} is not an array of non-negative integers`, name);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[0] > offsets[1]
  ) {
    return fail('offsets', `data_offsets ${JSON.stringify(offsets) ?? 'undefined'} are not two integers 0 <= begin <= end`, name);
  }
  const count = elementCount(shape as number[]);
  const expected = count === undefined ? undefined : count * dtypeSize(dtype);
  const actual = (offsets[1] as number) - (offsets[0] as number);
  if (expected === undefined || !Number.isSafeInteger(expected) || expected !== actual) {
    fail(
      'byte-count',
      `holds ${actual} bytes (data_offsets [${offsets[0]}, ${offsets[1]}]) but shape [${shape.join(', ')}] of ${dtype} needs ${expected ?? 'too many'}`,
      name,
    );
  }
  return Object.freeze({
    name,
    dtype,
    shape: Object.freeze((shape as number[]).slice()),
    begin: dataStart + (offsets[0] as number),
    end: dataStart + (offsets[1] as number),
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
