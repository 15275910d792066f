/**
 * sd-mecha 1.x's split forms of train_difference, add_opposite and clamped_add_opposite: only the per-element weight
 * those methods put on b - c, returned as a `param`-space tensor. Each is alpha times the mask, with the reference's
 * nan_to_num applied to the ratio (0/0 where the distances vanish gives 0):
 *
 *   train_difference_mask    1.8 * |b - a| / (|b - a| + |b - c|)
 *   add_opposite_mask        2 * |a - b| / (|a - b| + |a + b - 2c|)
 *   add_strict_opposite_mask 2 * max(0, (c - a)(b - c) / max(|a - c|, |b - c|)^2)
 *
 * The reference computes alpha * 1.8 (or alpha * 2) first, 1.8 cast to the work dtype, and then multiplies by the
 * ratio; the strict form multiplies alpha by the clamped ratio and then by 2. The fp32 roundings follow that order.
 */

import type { Kernel, KernelContext, Tensor } from './kernel.js';
import { numberHyper } from './hypers.js';
import { nanToNum } from './reduce.js';
import { requireInputs, requireSameShape } from './tensors.js';

type Ratio = (a: number, b: number, c: number, round: (x: number) => number, ctx: KernelContext) => number;

function maskKernel(method: string, gain: number | undefined, ratio: Ratio): Kernel {
  return (inputs: readonly Tensor[], hypers, ctx) => {
    requireInputs(method, inputs, 3);
    requireSameShape(method, inputs, ctx);
    const round = ctx.round;
    const [a, b, c] = inputs.map((t) => t.data);
    const alpha = round(numberHyper(hypers, 'alpha'));
    const out = ctx.alloc(a!.length);
    if (gain !== undefined) {
      const factor = round(alpha * round(gain));
      for (let i = 0; i < out.length; i++) out[i] = round(factor * ratio(a![i]!, b![i]!, c![i]!, round, ctx));
    } else {
      for (let i = 0; i < out.length; i++) out[i] = round(round(alpha * ratio(a![i]!, b![i]!, c![i]!, round, ctx)) * 2);
    }
    return { shape: inputs[0]!.shape, data: out };
  };
}

export const trainDifferenceMask: Kernel = maskKernel('train_difference_mask', 1.8, (a, b, c, round, ctx) => {
  const fromA = Math.abs(round(b - a));
  return nanToNum(round(fromA / round(fromA + Math.abs(round(b - c)))), ctx);
});

export const addOppositeMask: Kernel = maskKernel('add_opposite_mask', 2, (a, b, c, round, ctx) => {
  const apart = Math.abs(round(a - b));
  const around = Math.abs(round(round(a + b) - round(2 * c)));
  return nanToNum(round(apart / round(apart + around)), ctx);
});

export const addStrictOppositeMask: Kernel = maskKernel('add_strict_opposite_mask', undefined, (a, b, c, round, ctx) => {
  const cFromA = round(c - a);
  const delta = round(b - c);
  const threshold = Math.max(Math.abs(cFromA), Math.abs(delta));
  const ratio = nanToNum(round(round(cFromA * delta) / round(threshold * threshold)), ctx);
  return ratio > 0 ? ratio : 0;
});
