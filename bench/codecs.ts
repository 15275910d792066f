/**
 * Throughput of every dtype codec on 16M elements (median of 5 runs after a warm-up), aligned and at an odd byte
 * offset. Run: `npx tsx bench/codecs.ts` or, after `npm run build`, `node dist/bench/codecs.js`.
 * Pass dtype names to measure only those.
 */
import { performance } from 'node:perf_hooks';
import { decodeToFloat32, decodeToFloat64, encodeFromFloat32, encodeFromFloat64 } from '../src/runtime/dtype/codec.js';
import { DTYPES, dtypeSize, isFloatDType, type DType } from '../src/runtime/dtype/dtype.js';

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
  return times[RUNS >> 1]! / 1000;
}

function row(what: string, seconds: number, bytesPerElement: number): string {
  const gElems = N / seconds / 1e9;
  return `${what.padEnd(34)} ${gElems.toFixed(2).padStart(6)} G elem/s  ${(gElems * bytesPerElement).toFixed(2).padStart(6)} GB/s (encoded side)`;
}

const wanted = process.argv.slice(2);
const dtypes = DTYPES.filter((d) => wanted.length === 0 || wanted.includes(d));

const values = new Float32Array(N);
for (let i = 0; i < N; i++) values[i] = Math.sin(i) * 8; // varied signs and exponents, all in range of every float
const wide = Float64Array.from(values.subarray(0, N));
const f32 = new Float32Array(N);
const f64 = new Float64Array(N);
const raw = new Uint8Array(N * 8 + 8);

console.log(`codecs, ${N} elements, median of ${RUNS}; Node ${process.version}`);
for (const dtype of dtypes as DType[]) {
  const size = dtypeSize(dtype);
  const input = isFloatDType(dtype) ? values : values.map((v) => Math.round(Math.abs(v)));
  const aligned = raw.subarray(0, N * size);
  const odd = raw.subarray(1, 1 + N * size);
  encodeFromFloat32(dtype, input, aligned);
  console.log(row(`${dtype} decode -> f32`, median(() => decodeToFloat32(dtype, aligned, f32)), size));
  encodeFromFloat32(dtype, input, odd);
  if (size > 1) console.log(row(`${dtype} decode -> f32 (unaligned)`, median(() => decodeToFloat32(dtype, odd, f32)), size));
  console.log(row(`${dtype} encode <- f32`, median(() => encodeFromFloat32(dtype, input, aligned)), size));
  if (size > 1) console.log(row(`${dtype} encode <- f32 (unaligned)`, median(() => encodeFromFloat32(dtype, input, odd)), size));
  console.log(row(`${dtype} decode -> f64`, median(() => decodeToFloat64(dtype, aligned, f64)), size));
  console.log(row(`${dtype} encode <- f64`, median(() => encodeFromFloat64(dtype, wide, aligned)), size));
}
