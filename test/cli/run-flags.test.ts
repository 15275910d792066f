import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { memoryBudgetRange, THREADS } from '../../src/merge/run-limits.js';
import { formatSize } from '../../src/cli/sizes.js';

/**
 * The numeric flags of the built CLI, as a user types them: values out of range or not plainly numbers are usage
 * errors (exit 2) that state the range, refused before any file is read; the ends of each range run.
 */
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/mechac.js');
const models = join(root, 'test/fixtures/golden/sd1-tiny/models');
const dir = mkdtempSync(join(tmpdir(), 'mecha-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mechac(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function recipe(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const WS = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b, alpha=0.3)\n';
// TIES and della run on whole tensors through the kernel table, not the streamed path.
const DELTAS = [
  'version 1',
  'model a = "a" : sd1',
  'model b = "b" : sd1',
  'model c = "c" : sd1',
  'let ties = ties_sum(subtract(b, a), subtract(c, a), k=0.5)',
  'let out = add_difference(a, della(ties, subtract(c, b), probability=0.5, seed=7), alpha=1)',
  '',
].join('\n');

describe('mechac run --threads', () => {
  // Every other malformed value is covered by the parser's unit tests (option-values.test.ts).
  test.each(['1e3', '', '99999'])("refuses '%s' with the range, exit 2, nothing written", (value) => {
    const out = join(dir, 'refused.safetensors');
    const r = mechac(['run', recipe('t.mecha', WS), '-o', out, '--models-dir', models, `--threads=${value}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--threads takes a whole number from ${THREADS.min} to ${THREADS.max}`);
    expect(existsSync(out)).toBe(false);
  });

  test('0 computes every method on the calling thread, with the same bytes as a worker', () => {
    const path = recipe('deltas.mecha', DELTAS);
    const outputs = [0, 1].map((threads) => {
      const out = join(dir, `deltas-${threads}.safetensors`);
      const r = mechac(['run', path, '-o', out, '--models-dir', models, '--threads', String(threads), '--no-progress']);
      expect(r.stderr).not.toContain('no kernel');
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(out);
    });
    expect(outputs[0]!.equals(outputs[1]!)).toBe(true);
  });

  test('the maximum is accepted (the recipe error that follows comes from the checker, exit 1)', () => {
    const r = mechac(['run', recipe('typo.mecha', WS.replace('weighted_sum', 'weigted_sum')), '-o', join(dir, 'x.safetensors'), '--threads', String(THREADS.max)]);
    expect(r.stderr).not.toContain('--threads');
    expect(r.status).toBe(1);
  });
});

describe('mechac run --memory-budget', () => {
  const range = memoryBudgetRange();
  const stated = `--memory-budget takes a size from ${formatSize(range.min)} to ${formatSize(range.max)}`;

  test.each(['9999999999T', String(range.max + 1)])(
    "refuses '%s' with the range, exit 2",
    (value) => {
      const r = mechac(['run', recipe('m.mecha', WS), '-o', join(dir, 'x.safetensors'), '--models-dir', models, `--memory-budget=${value}`]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(stated);
      expect(r.stderr).not.toMatch(/Invalid array buffer length|internal error/);
    },
  );

  test.each([String(range.min), String(range.max)])("runs with '%s'", (value) => {
    const out = join(dir, 'budget.safetensors');
    const r = mechac(['run', recipe('b.mecha', WS), '-o', out, '--models-dir', models, '--threads', '1', '--memory-budget', value]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    rmSync(out);
  });
});

describe('ranges in --help and the other numeric flags', () => {
  test('run --help states both ranges', () => {
    const help = mechac(['run', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(`${THREADS.min} to ${THREADS.max}`);
    expect(help).toContain(`${formatSize(memoryBudgetRange().min)} to ${formatSize(memoryBudgetRange().max)}`);
  });

  test.each(['0', '1.5'])("lsp --clientProcessId '%s' is a usage error", (value) => {
    const r = mechac(['lsp', '--stdio', `--clientProcessId=${value}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--clientProcessId takes a whole number from 1 to 2147483647');
  });

  test('lsp without --stdio exits even when the editor process it names is alive', () => {
    // Process 1 always exists: a watcher of it started on import would keep the process alive forever.
    const r = mechac(['lsp', '--clientProcessId', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pass --stdio');
  });
});
