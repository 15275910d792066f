/**
 * Throughput of the counter-based generator and of the seeded kernels (median of 5 runs after a warm-up).
 * Run: `npx tsx bench/random.ts` or, after `npm run build`, `node dist/bench/random.js`.
 */
import { performance } from 'node:perf_hooks';
import { philoxFill } from '../src/runtime/random/philox.js';
import { philoxFillWasm } from '../src/runtime/random/philox-wasm.js';
import { RandomStream } from '../src/runtime/random/stream.js';
import { kernelContext, type Kernel, type Tensor } from '../src/runtime/methods/kernel.js';
import { dropout } from '../src/runtime/methods/dropout.js';
import { tiesSumWithDropout } from '../src/runtime/methods/ties-dropout.js';
import { della } from '../src/runtime/methods/della.js';
import { breadcrumbs } from '../src/runtime/methods/breadcrumbs.js';
import { taskArithmetic } from '../src/runtime/methods/task-arithmetic.js';

const RUNS = 5;
const DRAWS = 16 * 1024 * 1024;
const ELEMS = 4 * 1024 * 1024; // an SD1 attention weight is 0.1M..2.4M; the token embedding 38M

function median(fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[RUNS >> 1]! / 1000;
}

function rate(what: string, count: number, seconds: number, unit: string): void {
  console.log(`${what.padEnd(44)} ${(count / seconds / 1e6).toFixed(0).padStart(6)} M ${unit}/s`);
}

console.log(`random, median of ${RUNS}; Node ${process.version}`);

const words = new Uint32Array(DRAWS);
rate('philox words, JavaScript', DRAWS, median(() => philoxFill(words, 0, DRAWS / 4, 0, 0, 0, 0, 1, 2)), 'draws');
rate('philox words, WebAssembly', DRAWS, median(() => philoxFillWasm(words, 0, DRAWS / 4, 0, 0, 0, 1, 2)), 'draws');

const stream = RandomStream.of(42, 'bench', 'model.diffusion_model.out.2.weight');
const chunk = new Uint32Array(16384);
rate(
  'stream words, 16K chunks',
  DRAWS,
  median(() => {
    for (let at = 0; at < DRAWS; at += chunk.length) stream.fillUint32(chunk, at);
  }),
  'draws',
);
const uniforms = new Float32Array(16384);
rate(
  'uniform floats, 16K chunks',
  DRAWS,
  median(() => {
    for (let at = 0; at < DRAWS; at += uniforms.length) stream.fillUniform(uniforms, at, chunk);
  }),
  'draws',
);
const mask = new Uint8Array(16384);
rate(
  'Bernoulli mask, 16K chunks',
  DRAWS,
  median(() => {
    for (let at = 0; at < DRAWS; at += mask.length) stream.fillBernoulli(mask, 0.1, at, chunk);
  }),
  'draws',
);

function delta(seed: number): Tensor {
  const d = new Float32Array(ELEMS);
  for (let i = 0; i < ELEMS; i++) d[i] = Math.sin(i * 0.7 + seed) * 0.02;
  return { shape: [ELEMS], data: d };
}

const deltas = [delta(1), delta(2), delta(3)];
const ctx = kernelContext('model.diffusion_model.input_blocks.1.1.proj_in.weight');
const cases: [string, Kernel, Tensor[], Record<string, number | boolean>][] = [
  ['dropout, 3 models, independent', dropout, deltas, { probability: 0.9, seed: 1 }],
  ['dropout, 3 models, overlap 0.5', dropout, deltas, { probability: 0.9, overlap: 0.5, seed: 1 }],
  ['ties_sum_with_dropout, 3 models', tiesSumWithDropout, deltas, { probability: 0.9, seed: 1 }],
  ['ties_sum_with_dropout, 3 models, della_eps', tiesSumWithDropout, deltas, { probability: 0.9, della_eps: 0.1, seed: 1 }],
  ['della, 3 models', della, deltas, { probability: 0.9, della_eps: 0.1, seed: 1 }],
  ['breadcrumbs, 3 models', breadcrumbs, deltas, { beta: 0.01, gamma: 0.9 }],
  ['task_arithmetic, 3 models', taskArithmetic, deltas, { lambda: 0.7 }],
];
for (const [name, kernel, inputs, hypers] of cases) {
  rate(`${name}, ${ELEMS / 1048576}M`, ELEMS * inputs.length, median(() => kernel(inputs, hypers, ctx)), 'input elem');
}
