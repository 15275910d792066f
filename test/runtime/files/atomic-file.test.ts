import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { AtomicFile, discardUnfinishedFiles } from '../../../src/runtime/files/atomic-file.js';
import { OutputTargetError } from '../../../src/runtime/files/output-target.js';
import { writeFileAtomic } from '../../../src/runtime/files/write-file-atomic.js';
import { tempDir, type TempDir } from '../safetensors/build-file.js';

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test('nothing appears at the target before commit; commit puts the whole content there and leaves no temporary', () => {
  const out = join(dir.path, 'out.mecha');
  const file = AtomicFile.create(out);
  file.writeAt(bytes('world'), 6);
  file.writeAt(bytes('hello '), 0);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(dir.path)).toEqual([file.tempPath.slice(dir.path.length + 1)]);
  file.commit();
  expect(readFileSync(out, 'utf8')).toBe('hello world');
  expect(readdirSync(dir.path)).toEqual(['out.mecha']);
  expect(() => file.writeAt(bytes('x'), 0)).toThrow(/already committed/);
});

test('discard leaves the old content and no temporary file', () => {
  const out = dir.file('out.mecha', 'old');
  const file = AtomicFile.create(out);
  file.writeAt(bytes('new content'), 0);
  file.discard();
  file.discard();
  expect(readFileSync(out, 'utf8')).toBe('old');
  expect(readdirSync(dir.path)).toEqual(['out.mecha']);
  expect(() => file.commit()).toThrow(/already discarded/);
});

test("replacing a file keeps its mode; a new file gets the mode asked for", () => {
  const out = dir.file('private.mecha', 'old');
  chmodSync(out, 0o600);
  writeFileAtomic(out, 'new');
  expect(readFileSync(out, 'utf8')).toBe('new');
  expect(statSync(out).mode & 0o777).toBe(0o600);
  chmodSync(out, 0o754);
  writeFileAtomic(out, 'newer');
  expect(statSync(out).mode & 0o777).toBe(0o754);

  const fresh = join(dir.path, 'fresh.safetensors');
  const file = AtomicFile.create(fresh, 0o600);
  file.commit();
  expect(statSync(fresh).mode & 0o777).toBe(0o600);
});

test('writing through a symbolic link replaces the file it points to and keeps the link', () => {
  const real = dir.file('real.mecha', 'old');
  const link = join(dir.path, 'link.mecha');
  symlinkSync(real, link);
  writeFileAtomic(link, 'new');
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
  expect(readlinkSync(link)).toBe(real);
  expect(readFileSync(real, 'utf8')).toBe('new');
  expect(readdirSync(dir.path).sort()).toEqual(['link.mecha', 'real.mecha']);
});

test('an output that is not a regular file is refused before anything is created', () => {
  expect(() => AtomicFile.create(dir.path)).toThrow(OutputTargetError);
  expect(() => writeFileAtomic('/dev/null', 'x')).toThrow(/is a character device/);
  expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  expect(readdirSync(dir.path)).toEqual([]);
});

test('discardUnfinishedFiles removes the temporary file of every write not yet committed', () => {
  const a = AtomicFile.create(join(dir.path, 'a'));
  const b = AtomicFile.create(join(dir.path, 'b'));
  const c = AtomicFile.create(join(dir.path, 'c'));
  c.commit();
  expect(readdirSync(dir.path)).toHaveLength(3);
  discardUnfinishedFiles();
  expect(readdirSync(dir.path)).toEqual(['c']);
  expect(() => a.commit()).toThrow(/discarded/);
  expect(() => b.writeAt(bytes('x'), 0)).toThrow(/discarded/);
});
