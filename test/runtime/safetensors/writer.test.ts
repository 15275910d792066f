import { existsSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SafetensorsWriter, abortAllWriters, type TensorSpec } from '../../../src/runtime/safetensors/writer.js';
import { SafetensorsFile } from '../../../src/runtime/safetensors/file.js';
import { SafetensorsError } from '../../../src/runtime/errors.js';
import { tempDir, type TempDir } from './build-file.js';

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  abortAllWriters();
  dir.remove();
});

const specs: TensorSpec[] = [
  { name: 'z.first', dtype: 'F32', shape: [2, 2] },
  { name: 'a.second', dtype: 'F16', shape: [3] },
  { name: 'ids', dtype: 'I64', shape: [1, 2] },
  { name: 'empty', dtype: 'BF16', shape: [0] },
];

function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function writeAll(w: SafetensorsWriter): void {
  w.write('z.first', bytesOf(new Float32Array([1, 2, 3, 4])));
  w.write('a.second', bytesOf(new Uint16Array([0x3c00, 0xc000, 0x7c00])));
  w.write('ids', bytesOf(new BigInt64Array([5n, -1n])));
  w.write('empty', new Uint8Array(0));
}

function writerError(fn: () => void): SafetensorsError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    return error as SafetensorsError;
  }
  throw new Error('no error');
}

describe('SafetensorsWriter', () => {
  test('round trip: header first, tensors in declared order, metadata, aligned data start', () => {
    const out = join(dir.path, 'out.safetensors');
    const w = SafetensorsWriter.create(out, specs, { mecha_recipe: 'r', mecha_version: '0.1.0' });
    expect(w.next).toBe('z.first');
    writeAll(w);
    expect(w.next).toBeUndefined();
    w.finish();

    const raw = readFileSync(out);
    const headerLength = Number(raw.readBigUInt64LE(0));
    expect((8 + headerLength) % 8).toBe(0);
    const json = JSON.parse(raw.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['__metadata__', 'z.first', 'a.second', 'ids', 'empty']);
    expect(raw.length).toBe(8 + headerLength + 16 + 6 + 16);

    const f = SafetensorsFile.open(out);
    expect([...f.entries.keys()]).toEqual(['z.first', 'a.second', 'ids', 'empty']);
    expect({ ...f.metadata }).toEqual({ mecha_recipe: 'r', mecha_version: '0.1.0' });
    expect([...f.readFloat32('z.first')]).toEqual([1, 2, 3, 4]);
    expect([...f.readFloat32('a.second')]).toEqual([1, -2, Infinity]);
    expect([...f.readFloat64('ids')]).toEqual([5, -1]);
    expect(f.readFloat32('empty').length).toBe(0);
    expect(f.entry('z.first').shape).toEqual([2, 2]);
    expect(f.header.entries.get('ids')).toEqual(w.header.entries.get('ids'));
    f.close();
    expect(readdirSync(dir.path)).toEqual(['out.safetensors']);
  });

  test('streams into a temporary file beside the output and renames it only on finish', () => {
    const out = join(dir.path, 'model.safetensors');
    const w = SafetensorsWriter.create(out, specs);
    // Hidden, beside the output, carrying this process's PID and a random part.
    expect(dirname(w.tempPath)).toBe(dir.path);
    expect(basename(w.tempPath)).toMatch(new RegExp(`^\\.model\\.safetensors\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    // A second write of the same output by the same process does not collide with the first (no EEXIST).
    const second = SafetensorsWriter.create(out, specs);
    expect(second.tempPath).not.toBe(w.tempPath);
    second.abort();
    writeAll(w);
    expect(existsSync(w.tempPath)).toBe(true);
    expect(existsSync(out)).toBe(false);
    w.finish();
    expect(existsSync(w.tempPath)).toBe(false);
    expect(existsSync(out)).toBe(true);
  });

  test('abort removes the temporary file and leaves nothing (or the old file) at the output path', () => {
    const out = join(dir.path, 'model.safetensors');
    const w = SafetensorsWriter.create(out, specs);
    w.write('z.first', new Uint8Array(16));
    w.abort();
    w.abort();
    expect(readdirSync(dir.path)).toEqual([]);
    expect(() => w.write('a.second', new Uint8Array(6))).toThrow(/already aborted/);

    writeFileSync(out, 'previous');
    const again = SafetensorsWriter.create(out, specs);
    again.write('z.first', new Uint8Array(16));
    again.abort();
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(readdirSync(dir.path)).toEqual(['model.safetensors']);
  });

  test('finishing replaces an existing output', () => {
    const out = join(dir.path, 'model.safetensors');
    writeFileSync(out, 'previous');
    const w = SafetensorsWriter.create(out, specs);
    writeAll(w);
    w.finish();
    expect(SafetensorsFile.open(out).entries.size).toBe(4);
  });

  test('refuses out-of-order, undeclared, mis-sized and extra writes, naming the output and key', () => {
    const out = join(dir.path, 'o.safetensors');
    const w = SafetensorsWriter.create(out, specs);
    let e = writerError(() => w.write('a.second', new Uint8Array(6)));
    expect(e.message).toBe(`${out}: tensor "a.second": written out of order: "z.first" comes first`);
    e = writerError(() => w.write('nope', new Uint8Array(6)));
    expect(e.message).toContain('was not declared');
    e = writerError(() => w.write('z.first', new Uint8Array(15)));
    expect(e.message).toContain('given 15 bytes, but F32 [2, 2] takes 16');
    expect(e.key).toBe('z.first');
    e = writerError(() => w.finish());
    expect(e.message).toContain('4 left');
    writeAll(w);
    e = writerError(() => w.write('empty', new Uint8Array(0)));
    expect(e.message).toContain('already written');
    w.finish();
    expect(() => w.finish()).toThrow(/already finished/);
  });

  test('writePart streams a tensor in chunks, and refuses overrunning it', () => {
    const out = join(dir.path, 'parts.safetensors');
    const n = 600_000; // larger than the coalescing buffer, mixed with small parts
    const w = SafetensorsWriter.create(out, [
      { name: 'small', dtype: 'U8', shape: [3] },
      { name: 'big', dtype: 'F32', shape: [n] },
    ]);
    w.writePart('small', new Uint8Array([1]));
    w.writePart('small', new Uint8Array([2, 3]));
    const values = new Float32Array(n).map((_, i) => i * 0.5);
    const bytes = bytesOf(values);
    expect(() => w.write('big', bytes.subarray(0, 8))).toThrow(/takes 2400000/);
    w.writePart('big', bytes.subarray(0, 8));
    expect(() => w.write('big', bytes)).toThrow(/write\(\) after 8 bytes/);
    w.writePart('big', bytes.subarray(8, 2_000_000));
    expect(() => w.writePart('big', bytes)).toThrow(/4400000 bytes given in parts, but F32 \[600000\] takes 2400000/);
    w.writePart('big', bytes.subarray(2_000_000));
    w.finish();
    const f = SafetensorsFile.open(out);
    expect([...f.readBytes('small')]).toEqual([1, 2, 3]);
    expect(f.readFloat32('big')).toEqual(values);
    f.close();
  });

  test('refuses bad specs before creating anything', () => {
    const out = join(dir.path, 'bad.safetensors');
    const bad: [TensorSpec[], RegExp][] = [
      [[{ name: 'a', dtype: 'F32', shape: [1] }, { name: 'a', dtype: 'F32', shape: [1] }], /"a": declared twice/],
      [[{ name: '__metadata__', dtype: 'F32', shape: [1] }], /cannot name a tensor/],
      [[{ name: 'a', dtype: 'F24' as 'F32', shape: [1] }], /unknown dtype "F24"/],
      [[{ name: 'a', dtype: 'F32', shape: [-1] }], /not an array of non-negative integers/],
    ];
    for (const [tensors, message] of bad) expect(() => SafetensorsWriter.create(out, tensors)).toThrow(message);
    expect(() => SafetensorsWriter.create(out, [], { n: 3 as unknown as string })).toThrow(/metadata value of "n"/);
    expect(readdirSync(dir.path)).toEqual([]);
  });

  test('an unwritable folder is a clear error naming the output', () => {
    const out = join(dir.path, 'no-such-folder', 'out.safetensors');
    const e = writerError(() => SafetensorsWriter.create(out, specs));
    expect(e.reason).toBe('io');
    expect(e.message).toContain(out);
    expect(e.message).toContain('ENOENT');
    const file = dir.file('plain-file', 'x');
    const e2 = writerError(() => SafetensorsWriter.create(join(file, 'out.safetensors'), specs));
    expect(e2.message).toContain('ENOTDIR');
    expect(e2.reason).toBe('io');
    const e3 = writerError(() => SafetensorsWriter.create(dir.path, specs));
    expect(e3.message).toBe(`${dir.path}: is a directory, not a regular file; choose a file name`);
    expect(e3.reason).toBe('output-unusable');
    expect(readdirSync(dir.path)).toEqual(['plain-file']);
  });

  test('abortAllWriters removes every unfinished temporary file', () => {
    const a = SafetensorsWriter.create(join(dir.path, 'a.safetensors'), specs);
    const b = SafetensorsWriter.create(join(dir.path, 'b.safetensors'), specs);
    expect(readdirSync(dir.path)).toHaveLength(2);
    abortAllWriters();
    expect(readdirSync(dir.path)).toEqual([]);
    expect(() => a.finish()).toThrow(/aborted/);
    expect(() => b.write('z.first', new Uint8Array(16))).toThrow(/aborted/);
  });
});

describe('tensors written elsewhere', () => {
  test('bytes written through the descriptor at a tensor\'s offset, between ordinary writes, make the same file', async () => {
    const plain = join(dir.path, 'plain.safetensors');
    const w1 = SafetensorsWriter.create(plain, specs, { k: 'v' });
    writeAll(w1);
    w1.finish();

    const mixed = join(dir.path, 'mixed.safetensors');
    const w2 = SafetensorsWriter.create(mixed, specs, { k: 'v' });
    const second = w2.header.entries.get('a.second')!;
    // Another thread would do this write; the descriptor and the header offsets are all it needs.
    writeSync(w2.descriptor, bytesOf(new Uint16Array([0x3c00, 0xc000, 0x7c00])), 0, 6, second.begin);
    w2.write('z.first', bytesOf(new Float32Array([1, 2, 3, 4])));
    w2.writtenElsewhere('a.second');
    w2.write('ids', bytesOf(new BigInt64Array([5n, -1n])));
    await w2.startWriteback();
    w2.write('empty', new Uint8Array(0));
    w2.finish();
    expect(readFileSync(mixed).equals(readFileSync(plain))).toBe(true);
  });

  test('writtenElsewhere keeps the declared order', () => {
    const w = SafetensorsWriter.create(join(dir.path, 'o.safetensors'), specs);
    expect(() => w.writtenElsewhere('a.second')).toThrow(/out of order/);
  });
});
