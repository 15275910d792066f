import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { OutputTargetError, resolveOutputTarget } from '../../../src/runtime/files/output-target.js';
import { tempDir, type TempDir } from '../safetensors/build-file.js';

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function refusal(path: string): OutputTargetError {
  try {
    resolveOutputTarget(path);
  } catch (error) {
    if (error instanceof OutputTargetError) return error;
    throw error;
  }
  throw new Error(`${path} was accepted`);
}

test('a missing file or a regular file can be written', () => {
  const missing = join(dir.path, 'new.safetensors');
  expect(resolveOutputTarget(missing)).toEqual({ path: missing, existing: undefined });
  const file = dir.file('old.mecha', 'x');
  const target = resolveOutputTarget(file);
  expect(target.path).toBe(file);
  expect(target.existing?.isFile()).toBe(true);
});

test('a FIFO, a folder and a socket are refused, naming what they are', async () => {
  const fifo = join(dir.path, 'pipe');
  execFileSync('mkfifo', [fifo]);
  expect(refusal(fifo).message).toBe(`${fifo}: is a named pipe (FIFO), not a regular file; choose a file name`);
  expect(statSync(fifo).isFIFO()).toBe(true);

  const folder = join(dir.path, 'folder');
  mkdirSync(folder);
  expect(refusal(folder).detail).toMatch(/^is a directory/);

  const socket = join(dir.path, 'sock');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  try {
    expect(refusal(socket).detail).toMatch(/^is a socket/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a device is refused, also through a symbolic link', () => {
  expect(refusal('/dev/null').detail).toMatch(/^is a character device/);
  const link = join(dir.path, 'null.safetensors');
  symlinkSync('/dev/null', link);
  expect(refusal(link).detail).toMatch(/^is a character device/);
  expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
});

test('a symbolic link is followed, so the file it points to is replaced and the link kept', () => {
  const real = dir.file('real.mecha', 'x');
  const link = join(dir.path, 'link.mecha');
  symlinkSync(real, link);
  expect(resolveOutputTarget(link).path).toBe(real);
  const dangling = join(dir.path, 'dangling.mecha');
  symlinkSync(join(dir.path, 'nowhere'), dangling);
  expect(refusal(dangling).detail).toMatch(/symbolic link that leads nowhere/);
});

test('other file-system errors come through unchanged', () => {
  const file = dir.file('plain', 'x');
  writeFileSync(file, 'x');
  expect(() => resolveOutputTarget(join(file, 'out'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
});
