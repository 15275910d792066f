import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { registerCheck, runCheck, summary, type JsonDiagnostic } from '../../src/cli/commands/check.js';
import { createFileHost, modelsDirsOf, resolveModelPath } from '../../src/merge/models-dirs.js';
import { isHeaderError } from '../../src/typecheck/host.js';

const ROOT = join(import.meta.dirname, '..', '..');
const rel = (p: string) => relative(process.cwd(), p);
const GOLDEN = rel(join(ROOT, 'test', 'fixtures', 'golden'));
const CHECK_MODELS = rel(join(ROOT, 'test', 'fixtures', 'check', 'models'));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

function recipe(text: string, name = 'r.mecha'): string {
  const dir = mkdtempSync(join(tmpdir(), 'mecha-check-'));
  const path = join(dir, name);
  writeFileSync(path, text, 'utf8');
  return path;
}

const CLEAN = 'version 1\nmodel a = "sd1-tiny/models/a" : sd1\nmodel b = "sd1-tiny/models/b" : sd1\nlet out = weighted_sum(a, b, alpha=0.3)\n';
const MISSING = 'version 1\nmodel a = "sd1-tiny/models/a" : sd1\nmodel b = "nowhere" : sd1\nlet out = weighted_sum(a, b)\n';
const BROKEN = 'version 1\nmodel a = "sd1-tiny/models/a" : sd1\nlet out = weigted_sum(a, a, k=2)\n';

describe('mechac check', () => {
  test('a clean recipe: exit 0 and a summary', () => {
    const t = io();
    expect(runCheck([recipe(CLEAN)], { modelsDirs: [GOLDEN] }, t.io)).toBe(0);
    expect(t.out.join('')).toBe('0 errors, 0 warnings in 1 file\n');
  });

  test('warnings print, and still exit 0', () => {
    const t = io();
    const file = recipe(MISSING);
    expect(runCheck([file], { modelsDirs: [GOLDEN] }, t.io)).toBe(0);
    const text = t.out.join('');
    expect(text).toContain(`${file}:3:11 - warning MECHA5001: model 'nowhere' was not found`);
    expect(text).toContain('  3 | model b = "nowhere" : sd1');
    expect(text.trimEnd().split('\n').pop()).toBe('0 errors, 1 warning in 1 file');
  });

  test('--no-fs skips the file checks', () => {
    const t = io();
    expect(runCheck([recipe(MISSING)], { noFs: true }, t.io)).toBe(0);
    expect(t.out.join('')).toBe('0 errors, 0 warnings in 1 file\n');
  });

  test('errors: exit 1, with code frames, help and fixes, and a summary over every file', () => {
    const t = io();
    const broken = recipe(BROKEN, 'broken.mecha');
    expect(runCheck([recipe(CLEAN), broken, recipe(MISSING)], { modelsDirs: [GOLDEN] }, t.io)).toBe(1);
    const text = t.out.join('');
    expect(text).toContain(`${broken}:3:11 - error MECHA3001: unknown merge method 'weigted_sum'`);
    expect(text).toContain("  help: did you mean 'weighted_sum'?");
    expect(text).toContain("  fix: Change to 'weighted_sum'");
    expect(text.trimEnd().split('\n').pop()).toBe('1 error, 1 warning in 3 files');
  });

  test('a file that cannot be read is a usage error (exit 2); the others are still checked', () => {
    const t = io();
    expect(runCheck([join(tmpdir(), 'no-such-recipe.mecha'), recipe(BROKEN)], { noFs: true }, t.io)).toBe(2);
    expect(t.err.join('')).toContain('cannot read');
    expect(t.err.join('')).toContain('no such file');
    expect(t.out.join('')).toContain('MECHA3001');
  });

  test('--format json: one object per diagnostic, LSP ranges and 1-based positions, with fixes', () => {
    const t = io();
    const file = recipe('version 1\nparam a : sd1\nparam b : sd1\nlet out = weighted_sum(a, b, alpah=0.5)\n');
    expect(runCheck([file], { format: 'json', noFs: true }, t.io)).toBe(1);
    const json = JSON.parse(t.out.join('')) as JsonDiagnostic[];
    expect(json).toEqual([
      {
        file,
        range: { start: { line: 3, character: 29 }, end: { line: 3, character: 34 } },
        line: 4,
        column: 30,
        endLine: 4,
        endColumn: 35,
        code: 3002,
        id: 'unknown-hyperparameter',
        severity: 'error',
        message: "weighted_sum has no hyperparameter 'alpah'",
        help: "did you mean 'alpha'?",
        fixes: [
          {
            title: "Change to 'alpha'",
            edits: [{ range: { start: { line: 3, character: 29 }, end: { line: 3, character: 34 } }, newText: 'alpha' }],
          },
        ],
      },
    ]);
  });

  test('syntax errors are reported with the type errors', () => {
    const t = io();
    expect(runCheck([recipe('version 1\nmodel a = "x" : sd1\nlet out = weighted_sum(a, a,, alpha=0.5\n')], { noFs: true }, t.io)).toBe(1);
    expect(t.out.join('')).toMatch(/MECHA1\d{3}/);
  });

  test('the summary counts in words', () => {
    expect(summary(2, 1, 3)).toBe('2 errors, 1 warning in 3 files');
    expect(summary(1, 0, 1)).toBe('1 error, 0 warnings in 1 file');
  });
});

describe('the registered command', () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const program = new Command('mechac').exitOverride();
    let code = 0;
    registerCheck(program, (c) => {
      code = Math.max(code, c);
    });
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    await program.parseAsync(['node', 'mechac', 'check', ...args]);
    vi.restoreAllMocks();
    return { code, out: out.join(''), err: err.join('') };
  }

  test('--models-dir is repeatable and MECHA_MODELS_DIR adds to it', async () => {
    const file = recipe('version 1\nmodel a = "sd1-tiny/models/a" : sd1\nmodel b = "unknown-keys" : sd1\nlet out = weighted_sum(a, b)\n');
    const previous = process.env['MECHA_MODELS_DIR'];
    try {
      process.env['MECHA_MODELS_DIR'] = CHECK_MODELS;
      const both = await run(['--models-dir', GOLDEN, file]);
      expect(both.out).toContain('MECHA5003');
      expect(both.out).not.toContain('MECHA5001');
      delete process.env['MECHA_MODELS_DIR'];
      const one = await run(['--models-dir', GOLDEN, file]);
      expect(one.out).toContain("MECHA5001: model 'unknown-keys' was not found");
    } finally {
      if (previous === undefined) delete process.env['MECHA_MODELS_DIR'];
      else process.env['MECHA_MODELS_DIR'] = previous;
    }
  });

  test('--no-fs and --format json', async () => {
    const result = await run(['--no-fs', '--format', 'json', recipe(MISSING)]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual([]);
  });

  test('an unknown --format is a usage error', async () => {
    const result = await run(['--format', 'yaml', recipe(CLEAN)]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("unknown format 'yaml'");
  });
});

describe('models directories', () => {
  test('--models-dir entries come first, then MECHA_MODELS_DIR as a path list', () => {
    expect(modelsDirsOf(['x', 'y'], ['a', '', 'b'].join(delimiter))).toEqual(['x', 'y', 'a', 'b']);
    expect(modelsDirsOf(undefined, undefined)).toEqual([]);
  });

  test('.safetensors is implied; the first directory that has the file wins', () => {
    const search = { modelsDirs: [CHECK_MODELS, GOLDEN] };
    expect(resolveModelPath('sd1-tiny/models/a', search)).toEqual({ file: join(GOLDEN, 'sd1-tiny/models/a.safetensors') });
    expect(resolveModelPath('sd1-tiny/models/a.safetensors', search)).toEqual({ file: join(GOLDEN, 'sd1-tiny/models/a.safetensors') });
    expect(resolveModelPath('unknown-keys', search)).toEqual({ file: join(CHECK_MODELS, 'unknown-keys.safetensors') });
  });

  test('a folder holding a sharded model is found through its index, and every shard header is read', () => {
    const host = createFileHost({ modelsDirs: [CHECK_MODELS] });
    const header = host.readModelHeader('sharded');
    expect(isHeaderError(header)).toBe(false);
    if (isHeaderError(header)) return;
    expect(header.file).toBe(join(CHECK_MODELS, 'sharded', 'model.safetensors.index.json'));
    expect([...header.tensors.keys()].sort()).toEqual(['encoder.layer.0.weight', 'encoder.layer.1.weight']);
  });

  test("relative paths are also looked for in the recipe's folder; absolute paths as they are", () => {
    const recipeDir = join(ROOT, 'test', 'fixtures', 'golden', 'sd1-tiny');
    expect(resolveModelPath('models/b', { modelsDirs: [], recipeDir })).toEqual({ file: join(recipeDir, 'models/b.safetensors') });
    const absolute = join(ROOT, 'test', 'fixtures', 'golden', 'sd1-tiny', 'models', 'c');
    expect(resolveModelPath(absolute, { modelsDirs: [GOLDEN] })).toEqual({ file: `${absolute}.safetensors` });
  });

  test('a missing model names where it was looked for; an unreadable one says why', () => {
    const host = createFileHost({ modelsDirs: [GOLDEN] });
    expect(host.readModelHeader('nowhere')).toEqual({ error: 'not-found', message: `looked for ${join(GOLDEN, 'nowhere')}, ${join(GOLDEN, 'nowhere.safetensors')}` });
    expect(createFileHost({ modelsDirs: [] }).readModelHeader('nowhere')).toEqual({
      error: 'not-found',
      message: 'no models directory is set: pass --models-dir DIR or set MECHA_MODELS_DIR',
    });
    const bad = createFileHost({ modelsDirs: [CHECK_MODELS] }).readModelHeader('not-a-model');
    expect(bad).toMatchObject({ error: 'not-safetensors' });
  });
});
