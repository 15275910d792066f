import { describe, expect, test } from 'vitest';
import { parseHeader } from '../../../src/runtime/safetensors/header.js';
import { SafetensorsError, type SafetensorsErrorReason } from '../../../src/runtime/errors.js';

const FILE = 'model.safetensors';

/** Parses a header object for a file whose data area is `dataLength` bytes. */
function parse(header: unknown, dataLength: number) {
  const bytes = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  return parseHeader(bytes, 8 + bytes.length + dataLength, FILE);
}

function rejects(header: unknown, dataLength: number, reason: SafetensorsErrorReason, key?: string): SafetensorsError {
  let caught: unknown;
  try {
    parse(header, dataLength);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SafetensorsError);
  const e = caught as SafetensorsError;
  expect(e.reason).toBe(reason);
  expect(e.file).toBe(FILE);
  expect(e.message).toContain(FILE);
  expect(e.key).toBe(key);
  if (key !== undefined) expect(e.message).toContain(`"${key}"`);
  return e;
}

const t = (dtype: string, shape: unknown, offsets: unknown) => ({ dtype, shape, data_offsets: offsets });

describe('parseHeader accepts', () => {
  test('a valid header, entries in data order with absolute offsets', () => {
    const h = parse({ __metadata__: { format: 'pt' }, w: t('F32', [2], [4, 12]), v: t('F16', [2], [0, 4]) }, 12);
    const headerLength = JSON.stringify({ __metadata__: { format: 'pt' }, w: t('F32', [2], [4, 12]), v: t('F16', [2], [0, 4]) }).length;
    expect(h.dataStart).toBe(8 + headerLength);
    expect([...h.entries.keys()]).toEqual(['v', 'w']);
    expect(h.entries.get('w')).toEqual({ name: 'w', dtype: 'F32', shape: [2], begin: h.dataStart + 4, end: h.dataStart + 12 });
    expect(h.metadata).toEqual({ format: 'pt' });
    expect(h.fileSize).toBe(8 + headerLength + 12);
  });

  test('an empty header with no data, and no __metadata__', () => {
    const h = parse({}, 0);
    expect(h.entries.size).toBe(0);
    expect({ ...h.metadata }).toEqual({});
  });

  test('scalars (shape []) and zero-element tensors, including one at the end of the data', () => {
    const h = parse({ s: t('F64', [], [0, 8]), z: t('F16', [0, 3], [8, 8]), e: t('U8', [2], [8, 10]), z2: t('BOOL', [0], [10, 10]) }, 10);
    expect(h.entries.get('s')!.shape).toEqual([]);
    expect(h.entries.get('z')!.end - h.entries.get('z')!.begin).toBe(0);
    expect(h.entries.size).toBe(4);
  });

  test('every dtype name with its size', () => {
    const sizes: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, F8_E4M3: 1, F8_E5M2: 1, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };
    let offset = 0;
    const header: Record<string, unknown> = {};
    for (const [dtype, size] of Object.entries(sizes)) {
      header[dtype] = t(dtype, [3], [offset, offset + 3 * size]);
      offset += 3 * size;
    }
    expect(parse(header, offset).entries.size).toBe(12);
  });

  test('trailing spaces in the header (the reference writer pads to 8 bytes) and a key named __proto__', () => {
    const h = parse(`{"__proto__":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"__metadata__":{"__proto__":"x"}}    `, 1);
    expect(h.entries.get('__proto__')!.dtype).toBe('U8');
    expect(h.metadata['__proto__']).toBe('x');
  });
});

describe('parseHeader rejects', () => {
  test('a header length past the end of the file', () => {
    const bytes = new TextEncoder().encode('{}');
    expect(() => parseHeader(bytes, 9, FILE)).toThrow(/header length 2 runs past the end of the file/);
  });

  test('a header that is not UTF-8', () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    expect(() => parseHeader(bytes, 12, FILE)).toThrow(expect.objectContaining({ reason: 'header-encoding' }));
  });

  test('a header that is not JSON', () => {
    const e = rejects('{"a": ', 0, 'header-json');
    expect(e.message).toMatch(/not valid JSON/);
  });

  test('JSON that is not an object', () => {
    rejects('[1, 2]', 0, 'header-json');
    rejects('null', 0, 'header-json');
    rejects('"text"', 0, 'header-json');
  });

  test('__metadata__ that is not string -> string', () => {
    rejects({ __metadata__: { n: 3 } }, 0, 'metadata', '__metadata__');
    rejects({ __metadata__: ['x'] }, 0, 'metadata', '__metadata__');
    rejects({ __metadata__: 'x' }, 0, 'metadata', '__metadata__');
  });

  test('an entry that is not an object, or lacks dtype', () => {
    rejects({ w: 5 }, 0, 'entry', 'w');
    rejects({ w: { shape: [1], data_offsets: [0, 4] } }, 4, 'entry', 'w');
  });

  test('an unknown dtype', () => {
    const e = rejects({ w: t('F12', [1], [0, 2]) }, 2, 'dtype', 'w');
    expect(e.message).toContain('"F12"');
    rejects({ w: t('f16', [1], [0, 2]) }, 2, 'dtype', 'w');
    rejects({ w: t(7 as unknown as string, [1], [0, 2]) }, 2, 'dtype', 'w');
  });

  test('bad shapes', () => {
    for (const shape of [[-1], [1.5], ['2'], 2, null, [2 ** 53], undefined]) {
      rejects({ w: t('U8', shape, [0, 2]) }, 2, 'shape', 'w');
    }
  });

  test('bad data_offsets', () => {
    for (const offsets of [[0], [0, 2, 4], [2, 0], [-2, 0], [0, 1.5], '0,2', [0, '2'], null]) {
      rejects({ w: t('U8', [2], offsets) }, 2, 'offsets', 'w');
    }
  });

  test('a wrong byte count', () => {
    const e = rejects({ w: t('F32', [2, 3], [0, 20]) }, 20, 'byte-count', 'w');
    expect(e.message).toContain('needs 24');
    rejects({ w: t('F16', [3], [0, 8]) }, 8, 'byte-count', 'w');
    rejects({ w: t('U8', [2 ** 30, 2 ** 30], [0, 1]) }, 1, 'byte-count', 'w');
  });

  test('overlapping offsets', () => {
    const e = rejects({ a: t('U8', [4], [0, 4]), b: t('U8', [4], [2, 6]) }, 6, 'overlap', 'b');
    expect(e.message).toContain('"a"');
    // A duplicate of the same range is an overlap too.
    rejects({ a: t('U8', [4], [0, 4]), b: t('U8', [4], [0, 4]) }, 4, 'overlap', 'b');
  });

  test('offsets out of range', () => {
    rejects({ a: t('U8', [4], [0, 4]), b: t('U8', [4], [1000, 1004]) }, 8, 'offset-out-of-range', 'b');
  });

  test('a gap between tensors or at the start', () => {
    const e = rejects({ a: t('U8', [4], [0, 4]), b: t('U8', [4], [6, 10]) }, 10, 'gap', 'b');
    expect(e.message).toContain('2 unused bytes');
    rejects({ a: t('U8', [4], [2, 6]) }, 6, 'gap', 'a');
  });

  test('a data area shorter than the header describes (truncated)', () => {
    const e = rejects({ a: t('U8', [4], [0, 4]), b: t('U8', [4], [4, 8]) }, 6, 'truncated', 'b');
    expect(e.message).toMatch(/truncated: the header describes 8 data bytes but only 6 are present/);
  });

  test('bytes after the last tensor', () => {
    rejects({ a: t('U8', [4], [0, 4]) }, 5, 'trailing-bytes');
    rejects({}, 3, 'trailing-bytes');
  });
});
