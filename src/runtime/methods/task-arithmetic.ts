/**
 * `task_arithmetic` (Ilharco et al., "Editing Models with Task Arithmetic"): lambda * sum_m delta_m.
 *
 * `lambda` is the paper's scaling coefficient (default 1). Models are not weighted one by one here: `scale` each
 * delta first, which also takes block and class maps. In fp32 each partial sum (from 0, in model order) is rounded,
 * then the sum is scaled.
 */

import { elementCount, type Kernel, type KernelContext, type Tensor } from './kernel.js';
import { numberHyper } from './hypers.js';
import { requireInputs, requireSameShape } from './tensors.js';

/** lambda * (sum of the masked deltas), where `keep(m)` says which elements of delta m count (all when absent). */
export function scaledSum(
  inputs: readonly Tensor[],
  lambda: number,
  ctx: KernelContext,
  keep?: (m: number) => Uint8Array,
): Tensor {
  const shape = inputs[0]!.shape;
  const n = elementCount(shape);
  const round = ctx.round;
  const acc = ctx.alloc(n);
  for (let m = 0; m < inputs.length; m++) {
    const d = inputs[m]!.data;
    const mask = keep?.(m);
    for (let i = 0; i < n; i++) if (!mask || mask[i]) acc[i] = round(acc[i]! + d[i]!);
  }
  const l = round(lambda);
  if (l !== 1) for (let i = 0; i < n; i++) acc[i] = round(l * acc[i]!);
  return { shape, data: acc };
}

export const taskArithmetic: Kernel = (inputs, hypers, ctx) => {
  requireInputs('task_arithmetic', inputs, 1, Infinity);
  requireSameShape('task_arithmetic', inputs, ctx);
  return scaledSum(inputs, numberHyper(hypers, 'lambda', 1), ctx);
};
