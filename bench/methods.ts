/**
 * Throughput of the plain-JS merge kernels on 16M-element fp32 tensors of weight-like values (median of 5 runs
 * after a warm-up), in output elements per second. Run: `npx tsx bench/methods.ts` or, after `npm run build`,
 * `node dist/bench/methods.js`. Pass method names to measure only those.
 *
 * Three figures per kernel: wall time as called (the kernel allocates its 64 MiB output, and first-touch page
 * faults cost about as much as a weighted sum), wall time with the output buffer reused (what an executor that
 * recycles buffers sees), and CPU time of the latter (stable when other processes share the machine).
 */
import { performance } from 'node:perf_hooks';
import { kthSmallestAbs } from '../src/runtime/kernels/select.js';
import { KERNELS } from '../src/runtime/methods/index.js';
import { kernelContext, type Hypers, type Tensor } from '../src/runtime/methods/kernel.js';

const N = 16 * 1024 * 1024;
const RUNS = 5;

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** Median wall and CPU seconds over RUNS runs after a warm-up. */
function median(fn: () => void): Timing {
  fn();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    walls.push((performance.now() - t0) / 1000);
    cpus.push((c.user + c.system) / 1e6);
  }
  walls.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return { wall: walls[RUNS >> 1], cpu: cpus[RUNS >> 1] };
}

function rate(seconds: number): string {
  return `${(N / seconds / 1e9).toFixed(3).padStart(6)}`;
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
const fresh = kernelContext('bench', 'fp32');
// The same context, but output-sized allocations come from one buffer that is already paged in.
const pooled = new Float32Array(N).fill(1);
const recycling = { ...fresh, alloc: (n: number) => (n === N ? pooled : fresh.alloc(n)) };

console.log(`merge kernels, ${N} elements, fp32, median of ${RUNS}; Node ${process.version}; G elem/s`);
console.log(`${'kernel'.padEnd(30)} ${'fresh'.padStart(6)} ${'reused'.padStart(6)} ${'cpu'.padStart(6)}`);
for (const { method, inputs, hypers } of cases) {
  if (wanted.length > 0 && !wanted.includes(method)) continue;
  const kernel = KERNELS.get(method)!;
  const asCalled = median(() => kernel(inputs, hypers, fresh));
  const reused = median(() => kernel(inputs, hypers, recycling));
  console.log(`${`${method} (${inputs.length} models)`.padEnd(30)} ${rate(asCalled.wall)} ${rate(reused.wall)} ${rate(reused.cpu)}`);
}
if (wanted.length === 0 || wanted.includes('select')) {
  const t = median(() => kthSmallestAbs(a.data, Math.trunc(0.8 * N)));
  console.log(`${'k-th |x| (radix select)'.padEnd(30)} ${rate(t.wall)} ${''.padStart(6)} ${rate(t.cpu)}`);
}
