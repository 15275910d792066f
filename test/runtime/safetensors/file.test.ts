import { createHash } from 'node:crypto';
import { readFileSync, truncateSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SafetensorsFile } from '../../../src/runtime/safetensors/file.js';
import { SafetensorsError } from '../../../src/runtime/errors.js';
import { safetensorsBytes, tempDir, validLayout, type TempDir } from './build-file.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const reference = JSON.parse(readFileSync(`${fixtures}safetensors/numpy-reference.json`, 'utf8')) as {
  files: Record<string, { tensors: number; dtypes: Record<string, number>; float32_sha256: string; samples: Record<string, number[]> }>;
};

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function openError(path: string): SafetensorsError {
  try {
    SafetensorsFile.open(path).close();
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as SafetensorsError).message).toContain(path);
    return error as SafetensorsError;
  }
  throw new Error(`${path} opened without error`);
}

describe('SafetensorsFile reads', () => {
  test('every dtype of a hand-made file, by positional reads', () => {
    const { header, data } = validLayout();
    const f = SafetensorsFile.open(dir.file('m.safetensors', safetensorsBytes(header, data)));
    try {
      expect([...f.entries.keys()]).toEqual(['b', 'a', 'c']);
      expect(f.metadata['mecha_recipe']).toBe('merge "weighted_sum" &0 &1');
      expect([...f.readFloat32('b')]).toEqual([1, 2, -0.5, 65504, 2 ** -24, 0]);
      expect([...f.readFloat32('a')]).toEqual([1.5, -2, 3.25, Math.fround(1e-30)]);
      expect([...f.readFloat64('a')]).toEqual([1.5, -2, 3.25, Math.fround(1e-30)]);
      expect([...f.readFloat32('c')]).toEqual([-7]);
      expect(new DataView(f.readBytes('c').buffer).getBigInt64(0, true)).toBe(-7n);
      const target = new Uint8Array(16);
      f.readInto('a', target);
      expect(new Float32Array(target.buffer)[2]).toBe(3.25);
      const part = new Uint8Array(4);
      f.readRange('b', 6, part);
      expect([...new Uint16Array(part.buffer)]).toEqual([0x7bff, 0x0001]);
      expect(f.fileOf('a')).toBe(f.path);
    } finally {
      f.close();
    }
  });

  test('a missing key, a wrong target size, a range outside the tensor, a read after close', () => {
    const { header, data } = validLayout();
    const path = dir.file('m.safetensors', safetensorsBytes(header, data));
    const f = SafetensorsFile.open(path);
    expect(() => f.readBytes('nope')).toThrow(expect.objectContaining({ reason: 'missing-key', key: 'nope', file: path }));
    expect(() => f.readInto('a', new Uint8Array(15))).toThrow(/has 16 bytes, the target 15/);
    expect(() => f.readRange('a', 10, new Uint8Array(8))).toThrow(/outside its 16 bytes/);
    f.close();
    f.close();
    expect(() => f.readBytes('a')).toThrow(expect.objectContaining({ reason: 'closed' }));
  });

  test('tensors larger than the decode chunk decode across chunk boundaries', () => {
    const n = 700_001; // F16: 1.4 MB, more than one 1 MiB chunk
    const data = new Uint8Array(2 * n);
    const halves = new Uint16Array(data.buffer);
    for (let i = 0; i < n; i++) halves[i] = (i * 7919) & 0x7bff;
    const path = dir.file('big.safetensors', safetensorsBytes({ w: { dtype: 'F16', shape: [n], data_offsets: [0, 2 * n] } }, data));
    const f = SafetensorsFile.open(path);
    const got = f.readFloat32('w');
    f.close();
    for (const i of [0, 1, 524287, 524288, 524289, n - 1]) {
      const h = halves[i]!;
      const e = (h >> 10) & 31;
      const m = h & 1023;
      expect(got[i]).toBe(e === 0 ? m * 2 ** -24 : (1 + m / 1024) * 2 ** (e - 15));
    }
  });
});

describe('SafetensorsFile reads the golden models as numpy does', () => {
  for (const [rel, ref] of Object.entries(reference.files)) {
    test(rel, () => {
      const f = SafetensorsFile.open(`${fixtures}${rel}`);
      try {
        expect(f.entries.size).toBe(ref.tensors);
        const dtypes: Record<string, number> = {};
        const hash = createHash('sha256');
        for (const e of f.entries.values()) {
          dtypes[e.dtype] = (dtypes[e.dtype] ?? 0) + 1;
          const v = f.readFloat32(e.name);
          hash.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
        }
        expect(dtypes).toEqual(ref.dtypes);
        expect(hash.digest('hex')).toBe(ref.float32_sha256);
        for (const [key, values] of Object.entries(ref.samples)) {
          expect([...f.readFloat32(key).subarray(0, values.length)]).toEqual(values);
        }
      } finally {
        f.close();
      }
    });
  }

  test('the I64 position ids keep their exact integer bytes', () => {
    const f = SafetensorsFile.open(`${fixtures}golden/sd1-tiny/models/a.safetensors`);
    const key = 'cond_stage_model.transformer.text_model.embeddings.position_ids';
    expect(f.entry(key).dtype).toBe('I64');
    expect([...new BigInt64Array(f.readBytes(key).buffer)]).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    f.close();
  });

  test('the recipe in an expected file', () => {
    const f = SafetensorsFile.open(`${fixtures}golden/sd1-tiny/cases/weighted_sum/expected.safetensors`);
    expect(f.metadata['mecha_recipe']).toContain('merge "weighted_sum"');
    f.close();
  });
});

describe('SafetensorsFile.open rejects', () => {
  test('a missing file', () => {
    const e = openError(`${dir.path}/missing.safetensors`);
    expect(e.reason).toBe('io');
    expect(e.message).toMatch(/no such file or directory \(ENOENT\)/);
  });

  test('a folder, named as such, without opening it', () => {
    const e = openError(dir.path);
    expect(e.reason).toBe('not-a-file');
    expect(e.message).toBe(`${dir.path}: is a directory, not a regular file`);
  });

  test('a file too small to hold the header length', () => {
    expect(openError(dir.file('s.safetensors', new Uint8Array(5))).reason).toBe('too-small');
  });

  test('a header length past the end of the file', () => {
    const bytes = safetensorsBytes({}, new Uint8Array(0), { headerLength: 1000n });
    const e = openError(dir.file('h.safetensors', bytes));
    expect(e.reason).toBe('header-length');
    expect(e.message).toMatch(/header length 1000 runs past the end/);
  });

  test('a huge header length (not a safetensors file)', () => {
    const bytes = safetensorsBytes({}, new Uint8Array(0), { headerLength: 0xffffffffffffffffn });
    expect(openError(dir.file('h.safetensors', bytes)).reason).toBe('header-length');
  });

  test('a header that is not JSON (a pickle checkpoint renamed)', () => {
    const bytes = new Uint8Array(64).fill(0x80);
    bytes.set([8, 0, 0, 0, 0, 0, 0, 0]);
    expect(['header-json', 'header-encoding']).toContain(openError(dir.file('p.safetensors', bytes)).reason);
    const text = safetensorsBytes(null, new Uint8Array(0), { rawHeader: new TextEncoder().encode('{"w": nope}') });
    expect(openError(dir.file('t.safetensors', text)).reason).toBe('header-json');
  });

  test('a truncated file, naming the first tensor cut off', () => {
    const { header, data } = validLayout();
    const path = dir.file('m.safetensors', safetensorsBytes(header, data));
    truncateSync(path, readFileSync(path).length - 10);
    const e = openError(path);
    expect(e.reason).toBe('truncated');
    expect(e.key).toBe('a');
    expect(e.message).toContain('tensor "a"');
  });

  const malformed: [string, Record<string, unknown>, number, string, string][] = [
    // what, header, data bytes present, reason, key named
    ['offsets out of range', { b: { dtype: 'F16', shape: [6], data_offsets: [0, 12] }, a: { dtype: 'F32', shape: [4], data_offsets: [100, 116] } }, 28, 'offset-out-of-range', 'a'],
    ['overlapping offsets', { b: { dtype: 'F16', shape: [6], data_offsets: [0, 12] }, a: { dtype: 'F32', shape: [4], data_offsets: [8, 24] } }, 24, 'overlap', 'a'],
    ['a wrong byte count', { b: { dtype: 'F16', shape: [5], data_offsets: [0, 12] } }, 12, 'byte-count', 'b'],
    ['an unknown dtype', { b: { dtype: 'F4', shape: [6], data_offsets: [0, 12] } }, 12, 'dtype', 'b'],
    ['a bad shape', { b: { dtype: 'F16', shape: [6, -1], data_offsets: [0, 12] } }, 12, 'shape', 'b'],
    ['a gap between tensors', { b: { dtype: 'F16', shape: [4], data_offsets: [0, 8] }, a: { dtype: 'F16', shape: [1], data_offsets: [10, 12] } }, 12, 'gap', 'a'],
  ];
  test.each(malformed)('%s, naming the file and key', (_what, header, dataBytes, reason, key) => {
    const path = dir.file('bad.safetensors', safetensorsBytes(header, validLayout().data.subarray(0, dataBytes)));
    const e = openError(path);
    expect(e.reason).toBe(reason);
    expect(e.key).toBe(key);
    expect(e.message).toContain(`${path}: tensor "${key}": `);
  });
});
