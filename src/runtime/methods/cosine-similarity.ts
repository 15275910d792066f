/**
 * torch.nn.functional.cosine_similarity along one axis, as torch 2.x computes it: each input is divided by its slice
 * norm (floored at eps) and the products are summed. A zero slice therefore gives 0, never NaN.
 */

import { type AxisLayout, axisNorms } from './axis.js';
import type { KernelContext, WorkArray } from './kernel.js';

export function cosineSimilarity(
  x1: WorkArray,
  x2: WorkArray,
  layout: AxisLayout,
  eps: number,
  ctx: KernelContext,
): Float64Array {
  const round = ctx.round;
  const floor = round(eps);
  const n1 = axisNorms(x1, layout, ctx);
  const n2 = axisNorms(x2, layout, ctx);
  for (let j = 0; j < n1.length; j++) {
    if (n1[j] < floor) n1[j] = floor;
    if (n2[j] < floor) n2[j] = floor;
  }
  const sums = new Float64Array(n1.length);
  const { outer, length, inner } = layout;
  for (let o = 0; o < outer; o++) {
    const base = o * inner;
    for (let l = 0; l < length; l++) {
      const row = (o * length + l) * inner;
      for (let i = 0; i < inner; i++) {
        const j = base + i;
        sums[j] += round(round(x1[row + i] / n1[j]) * round(x2[row + i] / n2[j]));
      }
    }
  }
  for (let j = 0; j < sums.length; j++) sums[j] = round(sums[j]);
  return sums;
}
