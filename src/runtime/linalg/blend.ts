import { type KernelContext, type Tensor, elementCount } from '../methods/kernel.js';
import { weightedSumInto } from '../methods/weighted-sum.js';

/**
 * Small tensor helpers shared by the methods here, with torch's fp32 rounding: a Python float multiplying an fp32
 * tensor is first cast to fp32, and every product and sum is rounded (`ctx.round`).
 */

/** (1 - alpha) a + alpha b, as sd-mecha's weighted_sum computes it. */
export function weightedSum(a: Tensor, b: Tensor, alpha: number, ctx: KernelContext): Tensor {
  const out = ctx.alloc(elementCount(a.shape));
  weightedSumInto(a.data, b.data, alpha, out, ctx);
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
