import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { tempDir, type TempDir } from './build-file.js';

// Make the n-th writeSync fail as a full disk does; everything else is the real file system.
const failure = vi.hoisted(() => ({ afterCalls: Infinity, calls: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
    if (++failure.calls > failure.afterCalls) {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    return (fs.writeSync as (...a: unknown[]) => number)(...args);
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});

const { SafetensorsWriter } = await import('../../../src/runtime/safetensors/writer.js');
const { SafetensorsError } = await import('../../../src/runtime/errors.js');

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
  failure.calls = 0;
  failure.afterCalls = Infinity;
});
afterEach(() => dir.remove());

test('a full disk mid-write removes the temporary file, leaves no output and names the output', () => {
  const out = join(dir.path, 'out.safetensors');
  const big = 3 << 20; // past the coalescing buffer, so data is written during write()
  const w = SafetensorsWriter.create(out, [
    { name: 'a', dtype: 'U8', shape: [big] },
    { name: 'b', dtype: 'U8', shape: [big] },
  ]);
  w.write('a', new Uint8Array(big));
  failure.afterCalls = failure.calls;
  let caught: unknown;
  try {
    w.write('b', new Uint8Array(big));
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SafetensorsError);
  expect((caught as Error).message).toBe(`${out}: cannot write the output: no space left on device (ENOSPC)`);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(dir.path)).toEqual([]);
  expect(() => w.finish()).toThrow(/aborted/);
});

test('a full disk while flushing in finish() leaves no output either', () => {
  const out = join(dir.path, 'out.safetensors');
  const w = SafetensorsWriter.create(out, [{ name: 'a', dtype: 'U8', shape: [10] }]);
  w.write('a', new Uint8Array(10));
  failure.afterCalls = 0;
  expect(() => w.finish()).toThrow(/no space left on device/);
  expect(readdirSync(dir.path)).toEqual([]);
});
