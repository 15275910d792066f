import { linkSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { assertDistinctOutput } from '../../../src/runtime/safetensors/distinct-output.js';
import { tempDir, type TempDir } from './build-file.js';

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

test('accepts an output that is not an input, existing or not', () => {
  const a = dir.file('a.safetensors', 'a');
  const b = dir.file('b.safetensors', 'b');
  expect(() => assertDistinctOutput(join(dir.path, 'out.safetensors'), [a, b])).not.toThrow();
  expect(() => assertDistinctOutput(b, [a])).not.toThrow();
});

test('refuses the same path, written differently', () => {
  const a = dir.file('a.safetensors', 'a');
  expect(() => assertDistinctOutput(a, [a])).toThrow(expect.objectContaining({ reason: 'output-is-input', file: a }));
  expect(() => assertDistinctOutput(join(dir.path, '.', 'x', '..', 'a.safetensors'), [a])).toThrow(/the output is the input/);
  expect(() => assertDistinctOutput(relative(process.cwd(), a), [a])).toThrow(/choose another output path/);
});

test('refuses a symbolic link to an input, and an input reached through a linked folder', () => {
  const a = dir.file('a.safetensors', 'a');
  const link = join(dir.path, 'link.safetensors');
  symlinkSync(a, link);
  expect(() => assertDistinctOutput(link, [a])).toThrow(/the output is the input/);
  const folderLink = join(dir.path, 'folder');
  symlinkSync(dir.path, folderLink);
  expect(() => assertDistinctOutput(join(folderLink, 'a.safetensors'), [a])).toThrow(/the output is the input/);
});

test('refuses a hard link to an input', () => {
  const a = dir.file('a.safetensors', 'a');
  const hard = join(dir.path, 'hard.safetensors');
  linkSync(a, hard);
  expect(() => assertDistinctOutput(hard, [a])).toThrow(/the output is the input/);
});
