/**
 * Start-up: how long `mechac` takes as a whole process, against a bare `node -e 0` on the same machine. Each command
 * runs in turn with the baseline (A B A B ...), and the ratio is taken pair by pair, so a machine whose speed drifts
 * during the run still gives a fair figure. Targets: `--version` within 2x, `check` of a 1,000-line recipe within 4x,
 * the language server's answer to `initialize` within 4x. Run with `npm run bench -- startup`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateCheckedV1 } from './check.js';

const CLI = fileURLToPath(new URL('../../bin/mechac.js', import.meta.url));
const RUNS = 9;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timeProcess(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return performance.now() - t0;
}

/** From spawning `mechac lsp --stdio` to the first byte of its answer to `initialize`; the server is then killed. */
function timeServer(): Promise<number> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    child.stdout.once('data', () => {
      done(performance.now() - t0);
      child.kill();
    });
    child.once('error', fail);
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

async function pairRatios(name: string, target: number, run: () => number | Promise<number>): Promise<void> {
  const times: number[] = [];
  const bases: number[] = [];
  const ratios: number[] = [];
  await run(); // warm the page cache
  for (let i = 0; i < RUNS; i++) {
    const a = await run();
    const b = timeProcess(['-e', '0']);
    times.push(a);
    bases.push(b);
    ratios.push(a / b);
  }
  process.stdout.write(
    `${name.padEnd(34)} ${median(times).toFixed(0).padStart(5)} ms   node -e 0 ${median(bases).toFixed(0).padStart(4)} ms   ` +
      `ratio ${median(ratios).toFixed(2)}x (target ${target}x)\n`,
  );
}

export async function runStartupBench(): Promise<void> {
  process.stdout.write(`whole-process start-up, median of ${RUNS} runs each paired with node -e 0\n`);
  const dir = mkdtempSync(join(tmpdir(), 'mecha-startup-'));
  try {
    const recipe = join(dir, 'recipe.mecha');
    writeFileSync(recipe, generateCheckedV1(1000));
    await pairRatios('mechac --version', 2, () => timeProcess([CLI, '--version']));
    await pairRatios('mechac check (1,000 lines, --no-fs)', 4, () => timeProcess([CLI, 'check', '--no-fs', recipe]));
    await pairRatios('mechac lsp --stdio: initialize', 4, timeServer);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await runStartupBench();
