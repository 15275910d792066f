/**
 * Throughput of the plain-JS merge kernels on 16M-element fp32 tensors shaped like SD1 deltas (median of 5 runs
 * after a warm-up), in output elements per second. Run: `npx tsx bench/methods.ts` or, after `npm run build`,
 * `node dist/bench/methods.js`. Pass method names to measure only those.
 */
import { performance } from 'node:perf_hooks';
import { kthSmallestAbs } from '../src/runtime/kernels/select.js';
import { KERNELS } from '../src/runtime/methods/index.js';
import { kernelContext, type Hypers, type Tensor } from '../src/runtime/methods/kernel.js';

const N = 16 * 1024 * 1024;
const RUNS = 5;

function median(fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[RUNS >> 1] / 1000;
}

/** Deterministic values ~N(0, 0.02) (sum of uniforms), as fp16 weights decode to. */
function weights(seed: number): Tensor {
  const data = new Float32Array(N);
  let s = seed >>> 0;
  for (let i = 0; i < N; i++) {
    let u = 0;
    for (let j = 0; j < 4; j++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      u += s / 4294967296;
    }
    data[i] = (u - 2) * 0.0346;
  }
  return { shape: [4096, 4096], data };
}

interface Case {
  readonly method: string;
  readonly inputs: readonly Tensor[];
  readonly hypers: Hypers;
}

const a = weights(1);
const b = weights(2);
const c = weights(3);
const cases: Case[] = [
  { method: 'weighted_sum', inputs: [a, b], hypers: { alpha: 0.3 } },
  { method: 'add_difference', inputs: [a, b], hypers: { alpha: 0.7 } },
  { method: 'ties_sum', inputs: [a, b, c], hypers: { k: 0.2 } },
];

const wanted = process.argv.slice(2);
const ctx = kernelContext('bench', 'fp32');
console.log(`merge kernels, ${N} elements, fp32, median of ${RUNS}; Node ${process.version}`);
for (const { method, inputs, hypers } of cases) {
  if (wanted.length > 0 && !wanted.includes(method)) continue;
  const kernel = KERNELS.get(method)!;
  const seconds = median(() => kernel(inputs, hypers, ctx));
  console.log(`${`${method} (${inputs.length} models)`.padEnd(30)} ${(N / seconds / 1e9).toFixed(3).padStart(6)} G elem/s  ${(seconds * 1000).toFixed(0).padStart(5)} ms`);
}
if (wanted.length === 0 || wanted.includes('select')) {
  const seconds = median(() => kthSmallestAbs(a.data, Math.trunc(0.8 * N)));
  console.log(`${'k-th |x| (radix select)'.padEnd(30)} ${(N / seconds / 1e9).toFixed(3).padStart(6)} G elem/s  ${(seconds * 1000).toFixed(0).padStart(5)} ms`);
}
