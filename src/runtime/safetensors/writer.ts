import { SafetensorsError, ioError } from '../errors.js';
import { AtomicFile } from '../files/atomic-file.js';
import { OutputTargetError } from '../files/output-target.js';
import { dtypeSize, isDType, type DType } from '../dtype/dtype.js';
import { elementCount, type SafetensorsHeader, type TensorEntry } from './header.js';

/** A tensor the writer will receive: the plan knows all of them before any data exists. */
export interface TensorSpec {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
}

/** Small writes are gathered into one buffer of this size; larger ones go straight to the file. */
const COALESCE = 1 << 20;

/** Writers not yet finished or aborted, for abortAllWriters. */
const live = new Set<SafetensorsWriter>();

/**
 * Streams a safetensors file: the header (all names, dtypes, shapes and offsets) is written first, then tensor
 * data in exactly the declared order. Everything goes to an AtomicFile (a temporary file in the output's folder);
 * `finish` fsyncs and renames it into place, so the output path never holds a partial file. Any I/O failure (a
 * full disk) removes the temporary file and throws a SafetensorsError naming the output.
 */
export class SafetensorsWriter {
  readonly path: string;
  /** The layout being written, as a reader will see it. */
  readonly header: SafetensorsHeader;
  private readonly order: readonly TensorEntry[];
  private readonly file: AtomicFile;
  private index = 0; // the tensor being written
  private written = 0; // bytes of it written so far
  private position: number; // file offset of the next byte after the pending buffer
  private readonly pending = new Uint8Array(COALESCE);
  private pendingLength = 0;
  private state: 'open' | 'finished' | 'aborted' = 'open';

  private constructor(path: string, file: AtomicFile, header: SafetensorsHeader, order: TensorEntry[]) {
    this.path = path;
    this.file = file;
    this.header = header;
    this.order = order;
    this.position = 0;
  }

  /** Validates the specs, creates the temporary file and writes the header. */
  static create(path: string, tensors: readonly TensorSpec[], metadata: Readonly<Record<string, string>> = {}): SafetensorsWriter {
    const { json, order, dataLength } = layout(path, tensors, metadata);
    const headerBytes = padHeader(new TextEncoder().encode(json));
    const dataStart = 8 + headerBytes.length;
    const absolute = order.map((e) => Object.freeze({ ...e, begin: e.begin + dataStart, end: e.end + dataStart }));
    const header: SafetensorsHeader = {
      entries: new Map(absolute.map((e) => [e.name, e])),
      metadata: Object.freeze({ ...metadata }),
      dataStart,
      fileSize: dataStart + dataLength,
    };

    // The target is checked now rather than after all the work: a FIFO, a device or a folder is refused.
    let file: AtomicFile;
    try {
      file = AtomicFile.create(path, 0o644);
    } catch (error) {
      if (error instanceof OutputTargetError) throw new SafetensorsError(path, 'output-unusable', error.detail);
      throw ioError(path, 'create the temporary output file', error);
    }
    const writer = new SafetensorsWriter(path, file, header, absolute);
    live.add(writer);
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
    writer.append(prefix);
    writer.append(headerBytes);
    return writer;
  }

  /** Where the bytes go until `finish` renames them into place. */
  get tempPath(): string {
    return this.file.tempPath;
  }

  /** The name of the tensor expected next, or undefined when all were written. */
  get next(): string | undefined {
    return this.order[this.index]?.name;
  }

  /** Writes a whole tensor; it must be the next one and have exactly its byte length. */
  write(name: string, bytes: Uint8Array): void {
    const e = this.expect(name);
    if (this.written !== 0) this.misuse(`write() after ${this.written} bytes were given by writePart()`, name);
    if (bytes.byteLength !== e.end - e.begin) {
      this.misuse(`given ${bytes.byteLength} bytes, but ${e.dtype} [${e.shape.join(', ')}] takes ${e.end - e.begin}`, name);
    }
    this.accept(e, bytes);
  }

  /**
   * The descriptor of the temporary file, for worker threads that write whole tensors at their header offsets
   * themselves; each such tensor is then declared with `writtenElsewhere` in its turn.
   */
  get descriptor(): number {
    this.checkOpen();
    return this.file.descriptor;
  }

  /** Accounts for the next tensor as written by another thread at its offset through `descriptor`. */
  writtenElsewhere(name: string): void {
    const e = this.expect(name);
    if (this.written !== 0) this.misuse(`writtenElsewhere() after ${this.written} bytes were given by writePart()`, name);
    try {
      this.flush();
    } catch (error) {
      this.abort();
      throw ioError(this.path, 'write the output', error);
    }
    this.position = e.end;
    this.index++;
  }

  /** Starts the write-back of everything written so far (see AtomicFile.startWriteback). */
  startWriteback(): Promise<void> {
    this.checkOpen();
    try {
      this.flush();
    } catch (error) {
      this.abort();
      return Promise.reject(ioError(this.path, 'write the output', error));
    }
    return this.file.startWriteback();
  }

  /** Writes the next part of a tensor (for chunked streaming); the tensor is done when its byte length is reached. */
  writePart(name: string, bytes: Uint8Array): void {
    const e = this.expect(name);
    if (this.written + bytes.byteLength > e.end - e.begin) {
      this.misuse(`${this.written + bytes.byteLength} bytes given in parts, but ${e.dtype} [${e.shape.join(', ')}] takes ${e.end - e.begin}`, name);
    }
    this.accept(e, bytes);
  }

  /** Flushes, fsyncs and renames the file into place. Every declared tensor must have been written. */
  finish(): void {
    this.checkOpen();
    if (this.index < this.order.length) {
      const e = this.order[this.index]!;
      this.misuse(`finish() before all tensors were written: ${this.order.length - this.index} left, starting with this one`, e.name);
    }
    try {
      this.flush();
      this.file.commit();
    } catch (error) {
      this.abort();
      throw ioError(this.path, 'write the output', error);
    }
    this.state = 'finished';
    live.delete(this);
  }

  /** Closes and removes the temporary file; nothing appears at the output path. Idempotent. */
  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    live.delete(this);
    this.file.discard();
  }

  private expect(name: string): TensorEntry {
    this.checkOpen();
    const e = this.order[this.index];
    if (!e) this.misuse('all declared tensors were already written', name);
    if (e!.name !== name) {
      const declared = this.header.entries.has(name);
      this.misuse(declared ? `written out of order: "${e!.name}" comes first` : 'was not declared when the writer was created', name);
    }
    return e!;
  }

  private accept(e: TensorEntry, bytes: Uint8Array): void {
    this.append(bytes);
    this.written += bytes.byteLength;
    if (this.written === e.end - e.begin) {
      this.index++;
      this.written = 0;
    }
  }

  private append(bytes: Uint8Array): void {
    try {
      if (this.pendingLength + bytes.byteLength <= COALESCE) {
        this.pending.set(bytes, this.pendingLength);
        this.pendingLength += bytes.byteLength;
        return;
      }
      this.flush();
      if (bytes.byteLength < COALESCE) {
        this.pending.set(bytes);
        this.pendingLength = bytes.byteLength;
      } else {
        this.writeFully(bytes);
      }
    } catch (error) {
      this.abort();
      throw ioError(this.path, 'write the output', error);
    }
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const n = this.pendingLength;
    this.pendingLength = 0;
    this.writeFully(this.pending.subarray(0, n));
  }

  private writeFully(bytes: Uint8Array): void {
    this.file.writeAt(bytes, this.position);
    this.position += bytes.byteLength;
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new SafetensorsError(this.path, 'writer', `the writer was already ${this.state}`);
  }

  private misuse(detail: string, key?: string): never {
    throw new SafetensorsError(this.path, 'writer', detail, key);
  }
}

/** Aborts every unfinished writer, removing its temporary file (the AtomicFile exit hook also removes them). */
export function abortAllWriters(): void {
  for (const w of [...live]) w.abort();
}

/** Checks the specs and computes offsets relative to the data area, in the given order. */
function layout(
  path: string,
  tensors: readonly TensorSpec[],
  metadata: Readonly<Record<string, string>>,
): { json: string; order: TensorEntry[]; dataLength: number } {
  const fail = (detail: string, key?: string): never => {
    throw new SafetensorsError(path, 'writer', detail, key);
  };
  for (const [k, v] of Object.entries(metadata)) if (typeof v !== 'string') fail(`metadata value of "${k}" is not a string`);
  const seen = new Set<string>();
  const order: TensorEntry[] = [];
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__') fail('"__metadata__" cannot name a tensor', t.name);
    if (seen.has(t.name)) fail('declared twice', t.name);
    seen.add(t.name);
    if (!isDType(t.dtype)) fail(`unknown dtype ${JSON.stringify(t.dtype)}`, t.name);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`shape ${JSON.stringify(t.shape)} is not an array of non-negative integers`, t.name);
    }
    const count = elementCount(t.shape);
    const bytes = count === undefined ? NaN : count * dtypeSize(t.dtype);
    if (!Number.isSafeInteger(bytes) || !Number.isSafeInteger(offset + bytes)) fail('is too large', t.name);
    order.push({ name: t.name, dtype: t.dtype, shape: Object.freeze(t.shape.slice()), begin: offset, end: offset + bytes });
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  return { json: JSON.stringify(header), order, dataLength: offset };
}

/** Pads the header with spaces to a multiple of 8 bytes, as the reference writer does, so data starts aligned. */
function padHeader(bytes: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.ceil(bytes.length / 8) * 8).fill(0x20);
  padded.set(bytes);
  return padded;
}
