/**
 * top_k_tensor_sum(a, b, width=0.5, offset=0.0): gives a's values b's ordering. a's sorted values are dealt out in
 * the rank order of b (element i receives the a value whose rank equals b[i]'s rank), but only where that value's
 * magnitude lies between the start-th and end-th smallest magnitudes of a (the region from ratio_to_region over the
 * element count; outside it when the region wraps). Elsewhere a is kept.
 */

import { stableArgsort } from '../kernels/argsort.js';
import { kthSmallestAbs } from '../kernels/select.js';
import type { Kernel, WorkArray } from './kernel.js';
import { numberHyper } from './hypers.js';
import { ratioToRegion } from './region.js';
import { requireInputs, requireSameShape } from './tensors.js';

/** The reference's kth_abs_value: -1 (below every magnitude) for k <= 0, else the k-th smallest |x| in fp32. */
function kthAbsBound(sorted: WorkArray, k: number): number {
  return k <= 0 ? -1 : Math.fround(kthSmallestAbs(sorted, k));
}

export const topKTensorSum: Kernel = (inputs, hypers, ctx) => {
  requireInputs('top_k_tensor_sum', inputs, 2);
  requireSameShape('top_k_tensor_sum', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const n = a.length;
  const width = numberHyper(hypers, 'width', 0.5);
  const offset = numberHyper(hypers, 'offset', 0.0);

  const aOrder = stableArgsort(a);
  const sorted = ctx.alloc(n);
  for (let j = 0; j < n; j++) sorted[j] = a[aOrder[j]];
  const bOrder = stableArgsort(b);

  const region = ratioToRegion(width, offset, n);
  const low = kthAbsBound(sorted, region.start);
  const high = kthAbsBound(sorted, region.end);

  const out = ctx.alloc(n);
  for (let rank = 0; rank < n; rank++) {
    const i = bOrder[rank];
    const value = sorted[rank];
    const magnitude = Math.abs(value);
    const inside = low <= magnitude && magnitude <= high;
    const mask = inside !== region.inverted ? 1 : 0;
    out[i] = round(round((1 - mask) * a[i]) + round(mask * value));
  }
  return { shape: inputs[0].shape, data: out };
};
