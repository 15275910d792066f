import { type KernelContext, type Tensor, elementCount } from '../methods/kernel.js';

/**
 * Small tensor helpers shared by the methods here, with torch's fp32 rounding: a Python float multiplying an fp32
 * tensor is first cast to fp32, and every product and sum is rounded (`ctx.round`).
 */

/** (1 - alpha) a + alpha b, as sd-mecha's weighted_sum computes it. */
export function weightedSum(a: Tensor, b: Tensor, alpha: number, ctx: KernelContext): Tensor {
  const { round } = ctx;
  const n = elementCount(a.shape);
  const out = ctx.alloc(n);
  const wa = round(1 - alpha);
  const wb = round(alpha);
  for (let i = 0; i < n; i++) out[i] = round(round(wa * a.data[i]!) + round(wb * b.data[i]!));
  return { shape: [...a.shape], data: out };
}

/** A copy in the work dtype (kernels never hand back their inputs' storage). */
export function copyTensor(a: Tensor, ctx: KernelContext): Tensor {
  const n = elementCount(a.shape);
  const out = ctx.alloc(n);
  for (let i = 0; i < n; i++) out[i] = a.data[i]!;
  return { shape: [...a.shape], data: out };
}

/** Wraps doubles as a tensor of the work dtype, rounding each value once. */
export function fromDoubles(shape: readonly number[], values: ArrayLike<number>, ctx: KernelContext): Tensor {
  const n = elementCount(shape);
  const out = ctx.alloc(n);
  for (let i = 0; i < n; i++) out[i] = ctx.round(values[i]!);
  return { shape: [...shape], data: out };
}

/** Reads a numeric hyperparameter, with a default when it is absent or null. */
export function numberHyper(hypers: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
  const v = hypers[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const x = typeof v === 'number' ? v : Number(v);
  if (Number.isNaN(x)) throw new TypeError(`hyperparameter ${name} must be a number, got ${JSON.stringify(v)}`);
  return x;
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
