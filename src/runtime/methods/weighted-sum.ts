/**
 * weighted_sum(a, b, alpha=0.5) = (1 - alpha) * a + alpha * b, in sd-mecha 0.0.x's order of operations: both
 * weights are rounded to the work dtype (torch casts a Python scalar to the tensor's dtype), each product is
 * rounded, then the sum.
 */

import type { Kernel, KernelContext, WorkArray } from './kernel.js';
import { numberHyper } from './hypers.js';
import { requireInputs, requireSameShape } from './tensors.js';

export function weightedSumInto(a: WorkArray, b: WorkArray, alpha: number, out: WorkArray, ctx: KernelContext): void {
  const round = ctx.round;
  const wa = round(1 - alpha);
  const wb = round(alpha);
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = round(round(wa * a[i]) + round(wb * b[i]));
}

export const weightedSum: Kernel = (inputs, hypers, ctx) => {
  requireInputs('weighted_sum', inputs, 2);
  requireSameShape('weighted_sum', inputs, ctx);
  const [a, b] = inputs;
  const out = ctx.alloc(a.data.length);
  weightedSumInto(a.data, b.data, numberHyper(hypers, 'alpha', 0.5), out, ctx);
  return { shape: a.shape, data: out };
};
