import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ShardedModel, openModel } from '../../../src/runtime/safetensors/sharded.js';
import { SafetensorsFile } from '../../../src/runtime/safetensors/file.js';
import { SafetensorsError } from '../../../src/runtime/errors.js';
import { safetensorsBytes, tempDir, type TempDir } from './build-file.js';

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
  // shard 1: x (F32 [2]) and y (U8 [3]); shard 2: z (F16 [1])
  const one = new Uint8Array(11);
  new Float32Array(one.buffer, 0, 2).set([1.5, -3]);
  one.set([7, 8, 9], 8);
  dir.file('model-00001-of-00002.safetensors', safetensorsBytes({
    __metadata__: { format: 'pt', mecha_recipe: 'r' },
    x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
    y: { dtype: 'U8', shape: [3], data_offsets: [8, 11] },
  }, one));
  dir.file('model-00002-of-00002.safetensors', safetensorsBytes({
    z: { dtype: 'F16', shape: [1], data_offsets: [0, 2] },
  }, new Uint8Array(new Uint16Array([0x4200]).buffer)));
});
afterEach(() => dir.remove());

const goodMap = { x: 'model-00001-of-00002.safetensors', y: 'model-00001-of-00002.safetensors', z: 'model-00002-of-00002.safetensors' };

function index(weightMap: unknown, name = 'model.safetensors.index.json'): string {
  return dir.file(name, JSON.stringify({ metadata: { total_size: 13 }, weight_map: weightMap }));
}

function indexError(path: string): SafetensorsError {
  try {
    ShardedModel.open(path).close();
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    return error as SafetensorsError;
  }
  throw new Error('opened');
}

describe('ShardedModel', () => {
  test('presents the shards as one model', () => {
    const path = index(goodMap);
    const m = ShardedModel.open(path);
    try {
      expect(m.path).toBe(path);
      expect([...m.entries.keys()]).toEqual(['x', 'y', 'z']);
      expect(m.metadata['mecha_recipe']).toBe('r');
      expect([...m.readFloat32('x')]).toEqual([1.5, -3]);
      expect([...m.readFloat64('z')]).toEqual([3]);
      expect([...m.readBytes('y')]).toEqual([7, 8, 9]);
      const part = new Uint8Array(2);
      m.readRange('y', 1, part);
      expect([...part]).toEqual([8, 9]);
      const whole = new Uint8Array(2);
      m.readInto('z', whole);
      expect([...whole]).toEqual([0x00, 0x42]);
      expect(m.fileOf('z')).toBe(join(dir.path, 'model-00002-of-00002.safetensors'));
      expect(m.shards).toHaveLength(2);
      expect(() => m.entry('w')).toThrow(expect.objectContaining({ reason: 'missing-key', key: 'w', file: path }));
      expect(() => m.readBytes('w')).toThrow(/tensor "w": no such tensor/);
    } finally {
      m.close();
    }
  });

  test('openModel picks a single file, an index, or a folder holding an index', () => {
    const path = index(goodMap);
    const single = openModel(join(dir.path, 'model-00002-of-00002.safetensors'));
    expect(single).toBeInstanceOf(SafetensorsFile);
    single.close();
    for (const p of [path, dir.path]) {
      const m = openModel(p);
      expect(m).toBeInstanceOf(ShardedModel);
      expect(m.entries.size).toBe(3);
      m.close();
    }
  });

  test('openModel of a folder without an index opens model.safetensors in it', () => {
    const sub = join(dir.path, 'sub');
    mkdirSync(sub);
    dir.file('sub/model.safetensors', safetensorsBytes({}, new Uint8Array(0)));
    const m = openModel(sub);
    expect(m.path).toBe(join(sub, 'model.safetensors'));
    m.close();
    expect(() => openModel(join(dir.path, 'missing.safetensors'))).toThrow(expect.objectContaining({ reason: 'io' }));
  });

  test('rejects an index that is not JSON or has no weight_map', () => {
    expect(indexError(dir.file('a.index.json', '{')).message).toMatch(/not valid JSON/);
    expect(indexError(dir.file('b.index.json', '{"metadata": {}}')).message).toMatch(/no "weight_map" object/);
    expect(indexError(dir.file('c.index.json', '{"weight_map": [1]}')).message).toMatch(/no "weight_map" object/);
  });

  test('rejects a weight_map value that is not a file name, or leaves the folder', () => {
    let e = indexError(index({ ...goodMap, x: 3 }));
    expect(e.key).toBe('x');
    e = indexError(index({ ...goodMap, x: '../elsewhere.safetensors' }));
    expect(e.message).toMatch(/tensor "x": shard "..\/elsewhere.safetensors" is outside/);
    e = indexError(index({ ...goodMap, x: '/etc/passwd' }));
    expect(e.reason).toBe('index');
  });

  test('rejects a missing shard, naming its path', () => {
    const e = indexError(index({ ...goodMap, z: 'model-00003-of-00003.safetensors' }));
    expect(e.reason).toBe('io');
    expect(e.message).toContain('model-00003-of-00003.safetensors');
  });

  test('rejects a key listed in a shard that does not hold it', () => {
    const e = indexError(index({ ...goodMap, z: 'model-00001-of-00002.safetensors' }));
    expect(e.message).toContain('tensor "z": weight_map puts this tensor in "model-00001-of-00002.safetensors", which does not contain it');
  });

  test('rejects a key a shard holds but the index does not list', () => {
    const { y: _y, ...withoutY } = goodMap;
    const e = indexError(index(withoutY));
    expect(e.key).toBe('y');
    expect(e.message).toContain('weight_map does not list it');
  });

  test('rejects a key present in two shards', () => {
    dir.file('model-00002-of-00002.safetensors', safetensorsBytes({
      z: { dtype: 'F16', shape: [1], data_offsets: [0, 2] },
      x: { dtype: 'U8', shape: [1], data_offsets: [2, 3] },
    }, new Uint8Array(3)));
    const e = indexError(index(goodMap));
    expect(e.key).toBe('x');
    expect(e.message).toContain('but weight_map puts it in "model-00001-of-00002.safetensors"');
  });

  test('a malformed shard is reported with the shard path', () => {
    dir.file('model-00002-of-00002.safetensors', safetensorsBytes({ z: { dtype: 'F16', shape: [2], data_offsets: [0, 2] } }, new Uint8Array(2)));
    const e = indexError(index(goodMap));
    expect(e.file).toBe(join(dir.path, 'model-00002-of-00002.safetensors'));
    expect(e.reason).toBe('byte-count');
  });
});
