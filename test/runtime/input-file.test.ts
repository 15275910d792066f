import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  InputFileError,
  MAX_RECIPE_BYTES,
  openInputFile,
  readInputText,
  statInputFile,
} from '../../src/runtime/input-file.js';
import { namedPipe } from '../named-pipe.js';

const RECIPE = { what: 'recipe', maxBytes: MAX_RECIPE_BYTES };

let dir: string;
const cleanups: (() => void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mecha-input-'));
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function refusal(read: () => unknown): InputFileError {
  try {
    read();
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('input files', () => {
  test('a regular file is read whole', () => {
    const path = join(dir, 'r.mecha');
    const text = `version 1\n# ${'é'.repeat(100_000)}\n`;
    writeFileSync(path, text, 'utf8');
    expect(readInputText(path, RECIPE)).toBe(text);
  });

  test('a named pipe is refused by name, without waiting for a writer', () => {
    const pipe = namedPipe(dir, 'pipe.mecha');
    cleanups.push(pipe.close);
    for (const read of [() => readInputText(pipe.path, RECIPE), () => openInputFile(pipe.path), () => statInputFile(pipe.path)]) {
      const e = refusal(read);
      expect(e.reason).toBe('not-a-file');
      expect(e.message).toBe(`${pipe.path}: is a named pipe (FIFO), not a regular file`);
    }
  });

  test('a device is refused without reading it (/dev/zero never ends)', () => {
    const e = refusal(() => readInputText('/dev/zero', RECIPE));
    expect(e.reason).toBe('not-a-file');
    expect(e.detail).toBe('is a character device, not a regular file');
  });

  test('a directory is refused', () => {
    const sub = join(dir, 'folder.mecha');
    mkdirSync(sub);
    const e = refusal(() => readInputText(sub, RECIPE));
    expect(e.fileType).toBe('a directory');
  });

  test('a file over the limit is refused before it is read', () => {
    const path = join(dir, 'big.mecha');
    writeFileSync(path, '');
    truncateSync(path, MAX_RECIPE_BYTES + 1);
    const e = refusal(() => readInputText(path, RECIPE));
    expect(e.reason).toBe('too-large');
    expect(e.detail).toBe('is 16777217 bytes, over the 16 MiB limit for a recipe');
    // At the limit exactly, it is read.
    truncateSync(path, MAX_RECIPE_BYTES);
    expect(readInputText(path, RECIPE)).toHaveLength(MAX_RECIPE_BYTES);
  });

  test('a missing file', () => {
    const e = refusal(() => readInputText(join(dir, 'nope.mecha'), RECIPE));
    expect(e.reason).toBe('missing');
    expect(e.detail).toBe('no such file');
  });
});
