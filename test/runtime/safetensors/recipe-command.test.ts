import { Command } from 'commander';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { printRecipe, registerRecipe } from '../../../src/cli/commands/recipe.js';
import { safetensorsBytes, tempDir, type TempDir } from './build-file.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function run(path: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = printRecipe(path, { write: (s) => (out += s) }, { write: (s) => (err += s) });
  return { code, out, err };
}

describe('mechac recipe', () => {
  test('prints the embedded recipe of a merged checkpoint', () => {
    const r = run(`${fixtures}golden/sd1-tiny/cases/weighted_sum/expected.safetensors`);
    expect(r).toEqual({
      code: 0,
      out: 'model "a" "sd1" "base"\nmodel "b" "sd1" "base"\nmerge "weighted_sum" &0 &1 alpha=0.3\n',
      err: '',
    });
  });

  test('exit 1 with a clear message when the model has no recipe', () => {
    const path = `${fixtures}golden/sd1-tiny/models/a.safetensors`;
    const r = run(path);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`mechac: ${path}: no recipe in this model (its __metadata__ has no "mecha_recipe"; it was not made by a merge)\n`);
  });

  test('exit 2 when the file is missing', () => {
    const path = join(dir.path, 'missing.safetensors');
    const r = run(path);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`mechac: ${path}: cannot open the file: no such file or directory`);
  });

  test('exit 2 when the file is not safetensors', () => {
    const path = dir.file('model.ckpt', 'PK\u0003\u0004 a zip of pickles, not safetensors');
    const r = run(path);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mechac: .*model\.ckpt: header length \d+ runs past the end/);
  });

  test('keeps a recipe that already ends with a newline as it is', () => {
    const path = dir.file('m.safetensors', safetensorsBytes({ __metadata__: { mecha_recipe: 'merge "x"\n' } }, new Uint8Array(0)));
    expect(run(path).out).toBe('merge "x"\n');
  });

  test('registers as a command that reports its exit code', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const codes: number[] = [];
      const program = new Command('mechac').exitOverride();
      registerRecipe(program, (c) => codes.push(c));
      await program.parseAsync(['node', 'mechac', 'recipe', `${fixtures}golden/sd1-tiny/models/b.safetensors`]);
      await program.parseAsync(['node', 'mechac', 'recipe', `${fixtures}golden/sd1-tiny/cases/slerp/expected.safetensors`]);
      expect(codes).toEqual([1, 0]);
      expect(String(stdout.mock.calls[0]![0])).toContain('merge "slerp"');
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
