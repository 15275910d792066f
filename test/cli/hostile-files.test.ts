import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCheck } from '../../src/cli/commands/check.js';
import { runCompose } from '../../src/cli/commands/compose.js';
import { runFmt } from '../../src/cli/commands/fmt.js';
import { printRecipe } from '../../src/cli/commands/recipe.js';
import { createFileHost } from '../../src/merge/models-dirs.js';
import { preparePlan } from '../../src/cli/prepare-plan.js';
import { createRegistry } from '../../src/registry/index.js';
import { MAX_RECIPE_BYTES } from '../../src/runtime/input-file.js';
import { INDEX_FILE_NAME } from '../../src/runtime/safetensors/sharded.js';
import { isHeaderError } from '../../src/typecheck/host.js';
import { namedPipe } from '../named-pipe.js';

/** Paths that are not regular files, or are too large: every command refuses them by name, without hanging. */
let dir: string;
const cleanups: (() => void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mecha-hostile-'));
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function pipe(name: string, inside = dir): string {
  const p = namedPipe(inside, name);
  cleanups.push(p.close);
  return p.path;
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

/** A folder holding a shard index that puts its one tensor in a shard that is a named pipe. */
function shardedWithPipe(): string {
  const folder = join(dir, 'sharded');
  mkdirSync(folder);
  writeFileSync(join(folder, INDEX_FILE_NAME), JSON.stringify({ weight_map: { w: 'shard-1.safetensors' } }));
  pipe('shard-1.safetensors', folder);
  return folder;
}

const PIPE = 'is a named pipe (FIFO), not a regular file';

describe('recipes that are not regular files', () => {
  test('check: a named pipe, /dev/zero and a directory are usage errors naming what they are', () => {
    const fifo = pipe('r.mecha');
    const folder = join(dir, 'recipes');
    mkdirSync(folder);
    const t = io();
    expect(runCheck([fifo, '/dev/zero', folder], { noFs: true }, t.io)).toBe(2);
    expect(t.err).toEqual([
      `mechac check: ${fifo} ${PIPE}\n`,
      'mechac check: /dev/zero is a character device, not a regular file\n',
      `mechac check: ${folder} is a directory; pass the .mecha files in it\n`,
    ]);
  });

  test('check: a recipe over 16 MiB is refused unread', () => {
    const big = join(dir, 'big.mecha');
    writeFileSync(big, 'version 1\n');
    truncateSync(big, MAX_RECIPE_BYTES + 1);
    const t = io();
    expect(runCheck([big], { noFs: true }, t.io)).toBe(2);
    expect(t.err.join('')).toBe(`mechac check: ${big} is ${MAX_RECIPE_BYTES + 1} bytes, over the 16 MiB limit for a recipe\n`);
  });

  test('fmt, compose, plan and run refuse a named pipe the same way', async () => {
    const fifo = pipe('r.mecha');
    const fmt = io();
    expect(await runFmt([fifo], {}, { ...fmt.io, readStdin: async () => '' })).toBe(2);
    expect(fmt.err.join('')).toBe(`mechac fmt: ${fifo} ${PIPE}\n`);
    const compose = io();
    expect(runCompose(fifo, { params: [], noFs: true }, compose.io)).toBe(2);
    expect(compose.err.join('')).toContain(`${fifo} ${PIPE}`);
    const plan = preparePlan({ recipe: fifo }, createRegistry(), false);
    expect(plan).toEqual({ ok: false, kind: 'usage', report: `mechac run: ${fifo} ${PIPE}\n` });
  });
});

describe('models that are not regular files', () => {
  test('recipe: a named pipe, a device, and a shard index that is one or points at one', () => {
    const fifo = pipe('model.safetensors');
    const pipedIndex = join(dir, 'piped-index');
    mkdirSync(pipedIndex);
    const indexPipe = pipe(INDEX_FILE_NAME, pipedIndex);
    const shard = join(shardedWithPipe(), 'shard-1.safetensors');
    const cases: [string, string][] = [
      [fifo, `mechac: ${fifo}: ${PIPE}\n`],
      ['/dev/zero', `mechac: /dev/zero: is a character device, not a regular file\n`],
      [indexPipe, `mechac: ${indexPipe}: ${PIPE}\n`],
      [pipedIndex, `mechac: ${indexPipe}: ${PIPE}\n`],
      [join(dir, 'sharded'), `mechac: ${shard}: ${PIPE}\n`],
    ];
    for (const [path, message] of cases) {
      let err = '';
      expect(printRecipe(path, { write: () => undefined }, { write: (s) => (err += s) }), path).toBe(2);
      expect(err).toBe(message);
    }
  });

  test('a shard index over its size limit is refused unread', () => {
    const folder = join(dir, 'huge-index');
    mkdirSync(folder);
    const index = join(folder, INDEX_FILE_NAME);
    writeFileSync(index, '');
    truncateSync(index, 64 * 1024 * 1024 + 1);
    let err = '';
    expect(printRecipe(folder, { write: () => undefined }, { write: (s) => (err += s) })).toBe(2);
    expect(err).toBe(`mechac: ${index}: is ${64 * 1024 * 1024 + 1} bytes, over the 64 MiB limit for a shard index\n`);
  });

  test('check reports a model that is a named pipe, or whose shard is one, as MECHA5005', () => {
    const fifo = pipe('fifo.safetensors');
    shardedWithPipe();
    const host = createFileHost({ modelsDirs: [dir] });
    for (const path of [fifo, 'fifo', 'sharded', '/dev/zero']) {
      const header = host.readModelHeader(path);
      expect(isHeaderError(header) && header.error, path).toBe('not-a-file');
    }
    const recipe = join(dir, 'r.mecha');
    writeFileSync(recipe, 'version 1\nmodel a = "fifo" : sd1\nmodel b = "sharded" : sd1\noutput weighted_sum(a, b)\n');
    const t = io();
    expect(runCheck([recipe], { modelsDirs: [dir] }, t.io)).toBe(1);
    const text = t.out.join('');
    expect(text).toContain(`error MECHA5005: model 'fifo' is not a file mecha can open: ${fifo}: ${PIPE}`);
    expect(text).toContain(`error MECHA5005: model 'sharded' is not a file mecha can open: ${join(dir, 'sharded', 'shard-1.safetensors')}: ${PIPE}`);
  });
});
