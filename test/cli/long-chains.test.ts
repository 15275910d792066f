import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { SafetensorsWriter } from '../../src/runtime/safetensors/writer.js';
import { legacyChain, v1Chain } from '../fuzz/recipes.js';

/**
 * Recipes whose values chain through thousands of names (`let`) or `&N` lines, through the built CLI: every pass
 * used to recurse once per link and died with "internal error" (exit 70). Models with two keys keep plans small.
 */
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/mechac.js');
const dir = mkdtempSync(join(tmpdir(), 'mecha-chains-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = ['model.diffusion_model.out.2.bias', 'model.diffusion_model.out.2.weight'];
for (const m of ['a', 'b']) {
  const w = SafetensorsWriter.create(join(dir, `${m}.safetensors`), KEYS.map((name) => ({ name, dtype: 'F16', shape: [2] })));
  for (const k of KEYS) w.write(k, new Uint8Array(4));
  w.finish();
}

function mechac(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 240_000, maxBuffer: 1 << 30 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function recipe(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('long chains through the CLI', () => {
  test.each([5_000, 20_000])('plan on a chain of %i lets', (length) => {
    const r = mechac(['plan', recipe(`v1-${length}.mecha`, v1Chain(length)), '--models-dir', dir]);
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('keys: 2 (2 merged');
    // A program this long prints as numbered steps, the last one the result.
    expect(r.stdout).toContain(`= $${length} where $1 = weighted_sum(a, b; alpha=0.5), $2 = weighted_sum($1, b; alpha=0.5)`);
  }, 240_000);

  test('plan and fmt --to v1 on 10,000 legacy &N lines', () => {
    const path = recipe('legacy.mecha', legacyChain(10_000));
    const plan = mechac(['plan', path, '--models-dir', dir, '--no-keys']);
    expect(plan.stderr).not.toContain('internal error');
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain('keys: 2 (2 merged');
    const converted = mechac(['fmt', '--to', 'v1', path]);
    expect(converted.status).toBe(0);
    const lines = converted.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('version 1');
    expect(lines.filter((l) => l.startsWith('let '))).toHaveLength(10_000 - 2);
    expect(lines.at(-1)).toMatch(/^let out += weighted_sum\(mix_9997, b, alpha=0\.5\)$/);
  }, 240_000);

  test('fmt --to v1 keeps a 20,000-let chain as it is written', () => {
    const text = v1Chain(20_000);
    const r = mechac(['fmt', '--to', 'v1', recipe('v1-fmt.mecha', text)]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(text.split('\n').length);
    expect(r.stdout).toContain('let x19999 = weighted_sum(x19998, b)\n');
  }, 240_000);
});
