import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';

/** What a new user types in the first hour: params, outputs and the messages of the usual mistakes. */
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/mechac.js');
const golden = join(root, 'test/fixtures/golden/sd1-tiny/models');
const dir = mkdtempSync(join(tmpdir(), 'mecha-newcomer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

mkdirSync(join(dir, 'models'));
mkdirSync(join(dir, 'recipes'));
for (const m of ['a', 'b']) copyFileSync(join(golden, `${m}.safetensors`), join(dir, 'models', `${m}.safetensors`));
writeFileSync(join(dir, 'models', 'c.ckpt'), 'not read');
const WS = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b, alpha=0.3)\n';
writeFileSync(join(dir, 'ws.mecha'), WS);
writeFileSync(
  join(dir, 'recipes', 'template.mecha'),
  'version 1\nparam x : sd1\nmodel b = "b" : sd1\nparam strength : number\nlet out = weighted_sum(x, b, alpha=strength)\n',
);

function mechac(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('params', () => {
  test('-p path is read from the current folder, and a typed param takes a number', () => {
    const r = mechac(['run', 'recipes/template.mecha', '-p', 'x=models/a.safetensors', '-p', 'strength=0.3', '-o', 'p1', '--models-dir', 'models']);
    expect(r.stderr).toMatch(/^wrote p1\.safetensors/);
    expect(r.status).toBe(0);
    const recipe = mechac(['recipe', 'p1.safetensors']).stdout;
    expect(recipe).toContain('model x = "../models/a.safetensors" : sd1');
    expect(recipe).toMatch(/let strength = 0\.3/);
  });

  test('a typed param checks as a value in the template', () => {
    const r = mechac(['check', '--no-fs', 'recipes/template.mecha']);
    expect(r.stdout).toBe('0 errors, 0 warnings in 1 file\n');
    expect(r.status).toBe(0);
  });

  test('errors of run -p are signed by run, and a composed frame says it is not the file', () => {
    const unknown = mechac(['run', 'recipes/template.mecha', '-p', 'y=1', '-o', 'p2', '--models-dir', 'models']);
    expect(unknown.stderr).toContain("mechac run: no param named 'y'");
    expect(unknown.stderr).not.toContain('mechac compose:');
    const missing = mechac(['run', 'recipes/template.mecha', '-p', 'x=models/a.safetensors', '-p', 'strength=1', '-o', 'p3']);
    expect(missing.stderr).toContain('recipes/template.mecha composed with -p:3:11');
    expect(missing.stderr).toContain('`mechac compose recipes/template.mecha -p ...` prints the composed recipe');
    expect(missing.status).toBe(1);
  });
});

describe('outputs', () => {
  test('-o without a suffix writes NAME.safetensors', () => {
    const r = mechac(['run', 'ws.mecha', '-o', 'models/merged', '--models-dir', 'models']);
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'models', 'merged'))).toBe(false);
    SafetensorsFile.open(join(dir, 'models', 'merged.safetensors')).close();
  });

  test('-o x.ckpt is refused with the reason', () => {
    const r = mechac(['run', 'ws.mecha', '-o', 'x.ckpt', '--models-dir', 'models']);
    expect(r.stderr).toContain('mecha writes safetensors only');
    expect(r.stderr).toContain('runs code when loaded');
    expect(r.status).toBe(2);
    expect(existsSync(join(dir, 'x.ckpt'))).toBe(false);
  });

  test('an output in a missing folder names the folder', () => {
    const r = mechac(['run', 'ws.mecha', '-o', 'nowhere/x', '--models-dir', 'models']);
    expect(r.stderr).toBe('mechac run: nothing was written: nowhere/x.safetensors: the folder nowhere does not exist; create it first\n');
    expect(r.status).toBe(2);
  });
});

describe('messages', () => {
  test('a missing -o points at mechac run --help', () => {
    const r = mechac(['run', 'ws.mecha']);
    expect(r.stderr).toContain('`mechac run --help`');
    expect(r.status).toBe(2);
  });

  test('a missing recipe: no "0 errors" from check, no raw ENOENT from run', () => {
    const check = mechac(['check', 'missing.mecha']);
    expect(check.stdout).toBe('');
    expect(check.stderr).toBe('mechac check: cannot read missing.mecha: no such file\n');
    expect(check.status).toBe(2);
    const run = mechac(['run', 'missing.mecha', '-o', 'x']);
    expect(run.stderr).toBe('mechac run: cannot read missing.mecha: no such file\n');
    expect(run.status).toBe(2);
  });

  test('a --models-dir that does not exist is flagged by check, plan and run', () => {
    for (const command of [['check'], ['plan'], ['run', '-o', 'y']]) {
      const r = mechac([...command, 'ws.mecha', '--models-dir', 'modles']);
      expect(r.stderr).toBe(`mechac ${command[0]}: --models-dir modles: no such folder\n`);
      expect(r.status).toBe(2);
    }
  });

  test('not found: the .safetensors names tried and a .ckpt lying there, which is not read', () => {
    writeFileSync(join(dir, 'ckpt.mecha'), 'version 1\nmodel a = "c" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b)\n');
    const r = mechac(['check', 'ckpt.mecha', '--models-dir', 'models']);
    expect(r.stdout).toContain('looked for models/c, models/c.safetensors, c, c.safetensors');
    expect(r.stdout).toContain('found models/c.ckpt, which mecha does not read');
    expect(r.stdout).toContain('run code when loaded');
  });

  test('info describes a merge method', () => {
    const r = mechac(['info', 'weighted_sum']);
    expect(r.stdout).toMatch(/^weighted_sum\(a: A s, b: A s, alpha: hyper = 0\.5\) -> A s\n/);
    expect(r.status).toBe(0);
    expect(mechac(['info', 'weighted_summ']).stderr).toContain("did you mean 'weighted_sum'?");
  });

  test('plan names the inputs by the recipe names', () => {
    const r = mechac(['plan', 'ws.mecha', '--models-dir', 'models', '--no-keys']);
    expect(r.stdout).toMatch(/inputs:\n {2}a = models\/a\.safetensors\n {2}b = models\/b\.safetensors\n/);
  });
});
