import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runFmt, type FmtIO, type FmtOptions } from '../../src/cli/commands/fmt.js';
import { read } from './golden.js';

const MESSY = 'version 1\nmodel a="a":sd1\nmodel bb = "b" : sd1\nlet out=weighted_sum(a,bb)';
const TIDY = 'version 1\nmodel a  = "a" : sd1\nmodel bb = "b" : sd1\nlet out = weighted_sum(a, bb)\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mecha-fmt-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(files: string[], options: FmtOptions = {}, stdin = '') {
  let out = '';
  let err = '';
  const io: FmtIO = { readStdin: async () => stdin, out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await runFmt(files, options, io);
  return { code, out, err };
}

describe('mechac fmt', () => {
  test('formats files in place', async () => {
    const path = file('r.mecha', MESSY);
    const result = await run([path]);
    expect(result).toEqual({ code: 0, out: '', err: '' });
    expect(readFileSync(path, 'utf8')).toBe(TIDY);
  });

  test('in place keeps the file mode and a symbolic link, and leaves no temporary file', async () => {
    const real = file('real.mecha', MESSY);
    chmodSync(real, 0o640);
    const link = join(dir, 'link.mecha');
    symlinkSync(real, link);
    expect(await run([link])).toEqual({ code: 0, out: '', err: '' });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(TIDY);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['link.mecha', 'real.mecha']);
  });

  test('a temporary file a dead fmt left beside the file is removed, in one line', async () => {
    const path = file('r.mecha', MESSY);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    file(`.r.mecha.${dead}.00112233aabb.tmp`, 'half a recipe');
    const result = await run([path]);
    expect(result.code).toBe(0);
    expect(result.err).toBe(`removed a temporary file left by an unfinished earlier write of ${path}: .r.mecha.${dead}.00112233aabb.tmp (process ${dead})\n`);
    expect(readdirSync(dir)).toEqual(['r.mecha']);
  });

  test('--check lists the files that would change and exits 1, writing nothing', async () => {
    const messy = file('messy.mecha', MESSY);
    const tidy = file('tidy.mecha', TIDY);
    const result = await run([messy, tidy], { check: true });
    expect(result.code).toBe(1);
    expect(result.out).toBe(`${messy}\n`);
    expect(readFileSync(messy, 'utf8')).toBe(MESSY);
    expect((await run([tidy], { check: true })).code).toBe(0);
  });

  test('--stdout prints instead of writing', async () => {
    const path = file('r.mecha', MESSY);
    expect(await run([path], { stdout: true })).toEqual({ code: 0, out: TIDY, err: '' });
    expect(readFileSync(path, 'utf8')).toBe(MESSY);
  });

  test('without files, formats stdin to stdout', async () => {
    expect(await run([], {}, MESSY)).toEqual({ code: 0, out: TIDY, err: '' });
    expect((await run([], { check: true }, MESSY)).out).toBe('<stdin>\n');
  });

  test('--to v1 prints the conversion and leaves the legacy file alone, unless --write', async () => {
    const original = read(join('test', 'fixtures', 'recipes', 'incompatible_fusion.mecha'));
    const path = file('fusion.mecha', original);
    const printed = await run([path], { to: 'v1' });
    expect(printed.code).toBe(0);
    expect(printed.out).toContain('let out           = rotate(added, a, alignment=1.0, alpha=0.0)');
    expect(readFileSync(path, 'utf8')).toBe(original);
    await run([path], { to: 'v1', write: true });
    expect(readFileSync(path, 'utf8')).toBe(printed.out);
  });

  test('a file with syntax errors is left as it is, its errors shown as code frames, exit 1', async () => {
    const broken = 'version 1\nlet out = f(a,\n';
    const path = file('broken.mecha', broken);
    const result = await run([path]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${path}:2:`);
    expect(result.err).toContain('MECHA1008');
    expect(result.err).toContain('2 | let out = f(a,');
    expect(readFileSync(path, 'utf8')).toBe(broken);
  });

  test('a missing file is a clear message and exit 2; the other files are still formatted', async () => {
    const path = file('r.mecha', MESSY);
    const result = await run([join(dir, 'nope.mecha'), path]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`mechac fmt: cannot read ${join(dir, 'nope.mecha')}: no such file\n`);
    expect(readFileSync(path, 'utf8')).toBe(TIDY);
  });

  test('a directory, a binary file and an empty file', async () => {
    expect((await run([dir])).code).toBe(2);
    const binary = file('model.mecha', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]));
    const result = await run([binary]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('MECHA1028');
    expect(result.err).not.toMatch(/\n\s+at /);
    const empty = file('empty.mecha', '');
    expect(await run([empty])).toEqual({ code: 0, out: '', err: '' });
  });
});
