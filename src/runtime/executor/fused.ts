import type { DType } from '../dtype/dtype.js';
import type { TensorReader } from '../safetensors/reader.js';
import type { ComputeKey, PlanStep } from '../../plan/plan.js';
import { SimdKernels } from '../wasm/simd.js';
import { isStreamable } from '../../plan/memory.js';

/**
 * The fast path for keys whose program is only elementwise arithmetic on fp16/bf16/fp32 tensors (weighted_sum,
 * add_difference, subtract, n_average... the bulk of real merges). Instead of decoding whole tensors, it streams
 * each key through the SIMD kernels in cache-sized chunks: read a block of every input straight into WebAssembly
 * memory, then for each chunk decode, compute and encode while the data is in cache. Results are bit-identical to
 * the generic path's, because every step performs the same fp32 operations in the same order.
 */

/** Elements read per input per block: 1 MiB of fp32 scratch at most per value, few syscalls. */
const BLOCK = 1 << 18;
/** Elements computed per pass over the values, sized so every live value of a chunk stays in L1/L2. */
const CHUNK = 1 << 12;

/** How one elementwise method maps onto the SIMD primitives, or undefined when it does not. */
type FusedStep = (simd: SimdKernels, args: readonly number[], dst: number, n: number) => void;

function fuseStep(step: PlanStep): FusedStep | undefined {
  const h = step.hypers;
  switch (step.method) {
    case 'weighted_sum': {
      if (step.args.length !== 2) return undefined;
      const alpha = numberHyper(h['alpha'], 0.5);
      if (alpha === undefined) return undefined;
      // (1 - alpha) * a + alpha * b, both weights rounded to fp32 as torch does with a Python scalar.
      const wa = Math.fround(1 - alpha);
      const wb = Math.fround(alpha);
      return (simd, [a, b], dst, n) => simd.fn.lerp(a!, b!, dst, n, wa, wb);
    }
    case 'add_difference': {
      if (step.args.length !== 2) return undefined;
      const alpha = numberHyper(h['alpha'], 1);
      if (alpha === undefined) return undefined;
      const s = Math.fround(alpha);
      return (simd, [a, b], dst, n) => simd.fn.axpy(a!, b!, dst, n, s);
    }
    case 'subtract':
      if (step.args.length !== 2) return undefined;
      return (simd, [a, b], dst, n) => simd.fn.sub(a!, b!, dst, n);
    case 'n_average': {
      const count = step.args.length;
      if (count === 0) return undefined;
      // Sum in argument order, then divide by the count, as torch's mean does on CPU.
      return (simd, args, dst, n) => {
        if (count === 1) {
          simd.fn.scale(args[0]!, dst, n, 1);
          return;
        }
        simd.fn.add(args[0]!, args[1]!, dst, n);
        for (let i = 2; i < count; i++) simd.fn.add(dst, args[i]!, dst, n);
        simd.fn.divide(dst, dst, n, count);
      };
    }
    default:
      return undefined;
  }
}

function numberHyper(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return typeof value === 'number' ? value : undefined;
}

/** A kernel taking the encoded inputs (in load order) straight to the encoded output, with no fp32 scratch. */
type DirectKernel = (simd: SimdKernels, raws: readonly number[], dst: number, n: number) => void;

/** A compiled fused program, or undefined when the key needs the generic path. */
export interface FusedProgram {
  readonly steps: readonly FusedStep[];
  /** Set when the whole program has a single-pass kernel over the encoded data (the same operations). */
  readonly direct?: DirectKernel | undefined;
}

/** weighted_sum of two fp16 tensors into fp16, the commonest merge, runs as one pass over registers. */
function directKernel(key: ComputeKey): DirectKernel | undefined {
  const { loads, steps, result } = key.program;
  const step = steps[0];
  if (steps.length !== 1 || result !== loads.length || step?.method !== 'weighted_sum') return undefined;
  if (key.dtype !== 'F16' || loads.some((l) => l.dtype !== 'F16') || step.args.length !== 2) return undefined;
  const alpha = numberHyper(step.hypers['alpha'], 0.5);
  if (alpha === undefined) return undefined;
  const wa = Math.fround(1 - alpha);
  const wb = Math.fround(alpha);
  const [a, b] = step.args;
  return (simd, raws, dst, n) => simd.fn.lerp_f16(raws[a!]!, raws[b!]!, dst, n, wa, wb);
}

export function compileFused(key: ComputeKey, workDtype: 'fp32' | 'fp64'): FusedProgram | undefined {
  if (!isStreamable(key, workDtype)) return undefined;
  const steps: FusedStep[] = [];
  for (const step of key.program.steps) {
    const fused = fuseStep(step);
    if (!fused) return undefined;
    steps.push(fused);
  }
  return { steps, direct: directKernel(key) };
}

function byteSize(dtype: DType): number {
  return dtype === 'F32' ? 4 : 2;
}

/**
 * Runs a fused program over one key, writing the encoded output into `out` (the key's full byte length); returns
 * how many output elements are NaN or infinite.
 */
export function runFused(
  simd: SimdKernels,
  fused: FusedProgram,
  key: ComputeKey,
  readers: readonly TensorReader[],
  out: Uint8Array,
): number {
  const { loads, steps, result } = key.program;
  const total = key.shape.reduce((a, b) => a * b, 1);
  const valueCount = loads.length + steps.length;

  simd.reset();
  const raw = loads.map((l) => simd.alloc(BLOCK, byteSize(l.dtype)));
  if (fused.direct) return runDirect(simd, fused.direct, key, readers, raw, out);
  // fp32 scratch: loaded values span a whole block; computed values only one chunk.
  const value = new Array<number>(valueCount);
  loads.forEach((_, i) => (value[i] = simd.alloc(BLOCK, 4)));
  for (let i = loads.length; i < valueCount; i++) value[i] = simd.alloc(CHUNK, 4);
  const outRaw = simd.alloc(BLOCK, byteSize(key.dtype));
  const outSize = byteSize(key.dtype);
  let nonFinite = 0;

  for (let start = 0; start < total; start += BLOCK) {
    const count = Math.min(BLOCK, total - start);
    const memory = simd.bytes();
    loads.forEach((load, i) => {
      const size = byteSize(load.dtype);
      readers[load.input]!.readRange(load.key, start * size, memory.subarray(raw[i]!, raw[i]! + count * size));
      decode(simd, load.dtype, raw[i]!, value[i]!, count);
    });
    for (let c = 0; c < count; c += CHUNK) {
      const n = Math.min(CHUNK, count - c);
      // Loaded values are addressed at the chunk's offset within the block; computed values reuse their chunk.
      const at = (v: number): number => (v < loads.length ? value[v]! + c * 4 : value[v]!);
      fused.steps.forEach((step, s) => {
        step(simd, steps[s]!.args.map(at), value[loads.length + s]!, n);
      });
      encode(simd, key.dtype, at(result), outRaw + c * outSize, n);
      nonFinite += countNonFinite(simd, key.dtype, outRaw + c * outSize, n);
    }
    out.set(simd.bytes().subarray(outRaw, outRaw + count * outSize), start * outSize);
  }
  return nonFinite;
}

function runDirect(
  simd: SimdKernels,
  direct: DirectKernel,
  key: ComputeKey,
  readers: readonly TensorReader[],
  raw: readonly number[],
  out: Uint8Array,
): number {
  const { loads } = key.program;
  const total = key.shape.reduce((a, b) => a * b, 1);
  const outSize = byteSize(key.dtype);
  const outRaw = simd.alloc(BLOCK, outSize);
  let nonFinite = 0;
  for (let start = 0; start < total; start += BLOCK) {
    const count = Math.min(BLOCK, total - start);
    const memory = simd.bytes();
    loads.forEach((load, i) => {
      const size = byteSize(load.dtype);
      readers[load.input]!.readRange(load.key, start * size, memory.subarray(raw[i]!, raw[i]! + count * size));
    });
    direct(simd, raw, outRaw, count);
    for (let c = 0; c < count; c += CHUNK) {
      nonFinite += countNonFinite(simd, key.dtype, outRaw + c * outSize, Math.min(CHUNK, count - c));
    }
    out.set(simd.bytes().subarray(outRaw, outRaw + count * outSize), start * outSize);
  }
  return nonFinite;
}

/** NaN and infinities in encoded output, overflow to infinity on the way down included. */
function countNonFinite(simd: SimdKernels, dtype: DType, at: number, n: number): number {
  if (dtype === 'F32') return simd.fn.count_nonfinite32(at, n);
  return simd.fn.count_nonfinite16(at, n, dtype === 'F16' ? 0x7c00 : 0x7f80);
}

function decode(simd: SimdKernels, dtype: DType, src: number, dst: number, n: number): void {
  if (dtype === 'F16') simd.fn.f16_to_f32(src, dst, n);
  else if (dtype === 'BF16') simd.fn.bf16_to_f32(src, dst, n);
  else simd.fn.scale(src, dst, n, 1);
}

function encode(simd: SimdKernels, dtype: DType, src: number, dst: number, n: number): void {
  if (dtype === 'F16') simd.fn.f32_to_f16(src, dst, n);
  else if (dtype === 'BF16') simd.fn.f32_to_bf16(src, dst, n);
  else simd.fn.scale(src, dst, n, 1);
}
