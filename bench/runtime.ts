import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry } from '../src/registry/registry.js';
import { formatBytes } from '../src/plan/print.js';
import { benchDir, ensureSyntheticModel } from './synthetic.js';

/**
 * The runtime benchmark: `mechac run` on synthetic full-size SD1 checkpoints (fp16, real keys and shapes) against
 * the I/O floor measured in the same run (reading every input once and writing an output of the same size, with
 * fsync as the writer does). Reports wall time, peak RSS and the ratio to the floor.
 */

const CLI = fileURLToPath(new URL('../../bin/mechac.js', import.meta.url));

interface Case {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly recipe: string;
  /** sd-mecha's figures on this kind of machine, for comparison. */
  readonly reference: string;
}

export interface RuntimeRow {
  readonly name: string;
  /** Where the output went: the disk of the bench folder, or a tmpfs (memory). */
  readonly target: string;
  readonly floorSeconds: number;
  readonly seconds: number;
  readonly peakRss: number;
  readonly reference: string;
}

function cases(dir: string): Case[] {
  const model = (name: string, file: string): string => `model ${name} = "${file}" : sd1`;
  const eight = Array.from({ length: 8 }, (_, i) => `m${i}`);
  return [
    {
      name: 'weighted_sum of 2',
      inputs: ['sd1-a', 'sd1-b'],
      recipe: ['version 1', model('a', 'sd1-a'), model('b', 'sd1-b'), 'let out = weighted_sum(a, b, alpha=0.3)'].join('\n'),
      reference: '27.8 s, 1.6 GB',
    },
    {
      name: 'add_difference of 3',
      inputs: ['sd1-a', 'sd1-b', 'sd1-c'],
      recipe: [
        'version 1',
        model('a', 'sd1-a'),
        model('b', 'sd1-b'),
        model('c', 'sd1-c'),
        'let out = add_difference(a, subtract(b, c), alpha=0.7)',
      ].join('\n'),
      reference: '19.2 s, 1.4 GB',
    },
    {
      name: 'n_average of 8',
      inputs: eight.map((m) => `link-${m}`),
      recipe: ['version 1', ...eight.map((m) => model(m, `link-${m}`)), `let out = n_average(${eight.join(', ')})`].join('\n'),
      reference: '46.3 s, 4.6 GB',
    },
    ...deltaCases(model),
  ].map((c) => {
    const recipe = join(dir, `${c.name.replace(/\W+/g, '-')}.mecha`);
    writeFileSync(recipe, c.recipe + '\n');
    return { ...c, recipe };
  });
}

/**
 * Methods that look at whole tensors, each on the deltas of a and b against c, added back onto c: their peak RSS is
 * the figure to hold under the memory budget.
 */
function deltaCases(model: (name: string, file: string) => string): Case[] {
  const merges: [name: string, call: string][] = [
    ['TIES of 3, k=0.3', 'ties_sum(subtract(a, c), subtract(b, c), k=0.3)'],
    ['dropout (DARE)', 'dropout(subtract(a, c), subtract(b, c), probability=0.9, seed=1)'],
    ['della', 'della(subtract(a, c), subtract(b, c), probability=0.9, seed=1)'],
    ['breadcrumbs', 'breadcrumbs(subtract(a, c), subtract(b, c))'],
  ];
  return merges.map(([name, call]) => ({
    name,
    inputs: ['sd1-a', 'sd1-b', 'sd1-c'],
    recipe: ['version 1', model('a', 'sd1-a'), model('b', 'sd1-b'), model('c', 'sd1-c'), `let out = add_difference(c, ${call})`].join('\n'),
    reference: name.startsWith('TIES') ? '88.8 s, 4.4 GB' : '-',
  }));
}

/** Reads files start to end in 8 MiB chunks, as a streaming merge would. */
function readAll(paths: readonly string[]): number {
  const buffer = Buffer.allocUnsafe(8 << 20);
  const started = performance.now();
  for (const path of paths) {
    const fd = openSync(path, 'r');
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    closeSync(fd);
  }
  return (performance.now() - started) / 1000;
}

/** Writes `bytes` to a new file in 8 MiB chunks and fsyncs it. */
function writeOf(path: string, bytes: number): number {
  const buffer = Buffer.alloc(8 << 20, 1);
  const started = performance.now();
  const fd = openSync(path, 'w');
  for (let done = 0; done < bytes; done += buffer.length) writeSync(fd, buffer, 0, Math.min(buffer.length, bytes - done));
  fsyncSync(fd);
  closeSync(fd);
  const seconds = (performance.now() - started) / 1000;
  rmSync(path);
  return seconds;
}

export function runtimeBench(log: (line: string) => void): RuntimeRow[] {
  const dir = benchDir();
  const arch = createRegistry().architecture('sd1')!;
  for (const [i, name] of ['sd1-a', 'sd1-b', 'sd1-c'].entries()) {
    const path = join(dir, `${name}.safetensors`);
    if (!existsSync(path)) log(`generating ${path} (once; kept for later runs)...`);
    ensureSyntheticModel(path, arch, i + 1);
  }
  for (let i = 0; i < 8; i++) {
    const link = join(dir, `link-m${i}.safetensors`);
    if (!existsSync(link)) symlinkSync(join(dir, `sd1-${'abc'[i % 3]}.safetensors`), link);
  }
  // Outputs go to the bench folder's disk and, where one exists, to a tmpfs: the write floor differs widely.
  const targets = [{ name: 'disk', folder: join(dir, 'out') }];
  if (existsSync('/dev/shm')) targets.push({ name: 'tmpfs', folder: join('/dev/shm', `mecha-bench-${process.pid}`) });
  for (const t of targets) mkdirSync(t.folder, { recursive: true });

  const rows: RuntimeRow[] = [];
  for (const c of cases(dir)) {
    for (const target of targets) rows.push(runCase(c, dir, target.name, join(target.folder, 'merged.safetensors'), log));
  }
  for (const t of targets.slice(1)) rmSync(t.folder, { recursive: true, force: true });
  return rows;
}

function runCase(c: Case, dir: string, target: string, output: string, log: (line: string) => void): RuntimeRow {
  const inputs = c.inputs.map((f) => join(dir, `${f}.safetensors`));
  readAll(inputs); // warm the page cache, so floor and run see the same cache state
  // The disk's write speed varies from one run to the next: the floor is the best of two measurements.
  const size = statSync(inputs[0]!).size;
  const floorSeconds = Math.min(readAll(inputs) + writeOf(output, size), readAll(inputs) + writeOf(output, size));
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, 'run', c.recipe, '-o', output, '--models-dir', dir, '--no-progress'], {
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`mechac run failed for ${c.name}:\n${result.stderr}`);
  const rss = /peak memory ([\d.]+) (\w+)/.exec(result.stderr);
  const peakRss = rss ? Number(rss[1]) * { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[rss[2] as 'B']! : NaN;
  rmSync(output, { force: true });
  log(`${c.name} to ${target}: ${seconds.toFixed(2)} s (floor ${floorSeconds.toFixed(2)} s), peak RSS ${formatBytes(peakRss)}`);
  return { name: c.name, target, floorSeconds, seconds, peakRss, reference: c.reference };
}

export function runtimeTable(rows: readonly RuntimeRow[]): string {
  const lines = [
    '| case | output to | I/O floor | mechac run | ratio to floor | peak RSS (budget 512 MiB) | sd-mecha (reference) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.target} | ${r.floorSeconds.toFixed(2)} s | ${r.seconds.toFixed(2)} s | ${(r.seconds / r.floorSeconds).toFixed(2)}x | ` +
        `${formatBytes(r.peakRss)} | ${r.reference} |`,
    ),
  ];
  return lines.join('\n');
}
