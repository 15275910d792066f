import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { AtomicFile } from '../../../src/runtime/files/atomic-file.js';
import { removeStaleTemps } from '../../../src/runtime/files/stale-temps.js';
import { tempDir, type TempDir } from '../safetensors/build-file.js';

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

/** The PID of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  expect(child.pid).toBeGreaterThan(0);
  return child.pid!;
}

test('removes the temporaries of dead processes for this output, and nothing else', () => {
  const dead = deadPid();
  const out = join(dir.path, 'out.safetensors');
  dir.file(`.out.safetensors.${dead}.0123456789ab.tmp`, 'left by a killed run');
  dir.file(`.out.safetensors.${dead}.tmp`, 'left by an earlier version');
  const writing = AtomicFile.create(out); // this process is writing it
  dir.file(`.out.safetensors.${process.pid}.aaaaaaaaaaaa.tmp`, 'an earlier process with the same PID');
  dir.file(`.out.safetensors.${process.ppid}.bbbbbbbbbbbb.tmp`, 'a running process is writing it');
  dir.file(`.other.safetensors.${dead}.cccccccccccc.tmp`, 'another output');
  dir.file('out.safetensors', 'the previous output');

  const removed = removeStaleTemps(out);
  expect(removed.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
    { path: join(dir.path, `.out.safetensors.${process.pid}.aaaaaaaaaaaa.tmp`), pid: process.pid },
    { path: join(dir.path, `.out.safetensors.${dead}.0123456789ab.tmp`), pid: dead },
    { path: join(dir.path, `.out.safetensors.${dead}.tmp`), pid: dead },
  ].sort((a, b) => a.path.localeCompare(b.path)));
  expect(readdirSync(dir.path).sort()).toEqual([
    `.other.safetensors.${dead}.cccccccccccc.tmp`,
    `.out.safetensors.${process.ppid}.bbbbbbbbbbbb.tmp`,
    basename(writing.tempPath),
    'out.safetensors',
  ].sort());
  expect(removeStaleTemps(out)).toEqual([]);
  writing.commit();
});

test('looks beside the file a symbolic link points to, where writes put their temporaries', () => {
  const dead = deadPid();
  const models = join(dir.path, 'models');
  mkdirSync(models);
  const target = join(models, 'real.safetensors');
  writeFileSync(target, 'x');
  const link = join(dir.path, 'link.safetensors');
  symlinkSync(target, link);
  writeFileSync(join(models, `.real.safetensors.${dead}.0123456789ab.tmp`), 'left');
  expect(removeStaleTemps(link)).toEqual([{ path: join(models, `.real.safetensors.${dead}.0123456789ab.tmp`), pid: dead }]);
  expect(readdirSync(models)).toEqual(['real.safetensors']);
});

test('a folder that does not exist has nothing to clean', () => {
  expect(removeStaleTemps(join(dir.path, 'missing-folder', 'x.safetensors'))).toEqual([]);
});
