import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { tempDir, type TempDir } from '../safetensors/build-file.js';

// Make one fs operation fail as a full disk, a too-large file or a dying disk does; everything else is real.
const failure = vi.hoisted(() => ({ op: '', code: '' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const failing = <K extends 'writeSync' | 'fsyncSync' | 'renameSync' | 'fchmodSync'>(op: K): (typeof fs)[K] =>
    ((...args: unknown[]) => {
      if (failure.op === op) throw Object.assign(new Error(`${failure.code}: injected failure, ${op}`), { code: failure.code });
      return (fs[op] as (...a: unknown[]) => unknown)(...args);
    }) as (typeof fs)[K];
  const replaced = {
    writeSync: failing('writeSync'),
    fsyncSync: failing('fsyncSync'),
    renameSync: failing('renameSync'),
    fchmodSync: failing('fchmodSync'),
  };
  return { ...fs, ...replaced, default: { ...fs, ...replaced } };
});

const { writeFileAtomic } = await import('../../../src/runtime/files/write-file-atomic.js');
const { runFmt } = await import('../../../src/cli/commands/fmt.js');
const { runCompose } = await import('../../../src/cli/commands/compose.js');

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
  failure.op = '';
});
afterEach(() => dir.remove());

const cases = [
  ['writeSync', 'ENOSPC'],
  ['writeSync', 'EFBIG'],
  ['writeSync', 'EDQUOT'],
  ['fchmodSync', 'EPERM'],
  ['fsyncSync', 'EIO'],
  ['renameSync', 'EXDEV'],
] as const;

test.each(cases)('%s failing with %s leaves the old content and no temporary file', (op, code) => {
  const out = dir.file('recipe.mecha', 'the old recipe, every byte of it\n');
  failure.op = op;
  failure.code = code;
  expect(() => writeFileAtomic(out, 'a new and longer recipe\n'.repeat(1000))).toThrow(expect.objectContaining({ code }));
  expect(readFileSync(out, 'utf8')).toBe('the old recipe, every byte of it\n');
  expect(readdirSync(dir.path)).toEqual(['recipe.mecha']);
  failure.op = '';
  writeFileAtomic(out, 'works again\n');
  expect(readFileSync(out, 'utf8')).toBe('works again\n');
});

test('fmt in place on a full disk keeps the whole recipe and says so', async () => {
  const messy = 'version 1\nmodel   a = "a.safetensors"\nmodel b = "b.safetensors"\nlet out = weighted_sum(a,b,alpha=0.5)\n';
  const file = dir.file('messy.mecha', messy);
  failure.op = 'writeSync';
  failure.code = 'ENOSPC';
  const err: string[] = [];
  const code = await runFmt([file], {}, { readStdin: async () => '', out: () => undefined, err: (t) => void err.push(t) });
  expect(code).toBe(2);
  expect(err.join('')).toBe(`mechac fmt: cannot write ${file}: no space left on device; the file is unchanged\n`);
  expect(readFileSync(file, 'utf8')).toBe(messy);
  expect(readdirSync(dir.path)).toEqual(['messy.mecha']);
});

test('compose -o on a full disk keeps the previous output and leaves no temporary file', () => {
  const template = dir.file('template.mecha', 'version 1\nparam style : sd1\nmodel base = "base.safetensors" : sd1\nlet out = weighted_sum(base, style, alpha=0.5)\n');
  const out = dir.file('composed.mecha', 'previous composition\n');
  failure.op = 'writeSync';
  failure.code = 'ENOSPC';
  const err: string[] = [];
  const code = runCompose(template, { params: ['style=style.safetensors'], output: out, noFs: true }, { out: () => undefined, err: (t) => void err.push(t) });
  expect(code).toBe(2);
  expect(err.join('')).toMatch(/cannot write .*composed\.mecha: ENOSPC/);
  expect(readFileSync(out, 'utf8')).toBe('previous composition\n');
  expect(readdirSync(dir.path).sort()).toEqual(['composed.mecha', 'template.mecha']);
  failure.op = '';
  expect(runCompose(template, { params: ['style=style.safetensors'], output: out, noFs: true }, { out: () => undefined, err: () => undefined })).toBe(0);
  expect(readFileSync(out, 'utf8')).toContain('model style = "style.safetensors" : sd1');
});
