/**
 * `breadcrumbs` (Davari & Belilovsky, "Model Breadcrumbs", 2023; mergekit's `breadcrumbs`): task arithmetic over
 * deltas from which, per tensor, the largest `beta` fraction and the smallest `gamma` fraction of magnitudes are
 * dropped. Large outliers and the small noise go; the middle band stays. Counts are floor(fraction * n) elements,
 * and ties in magnitude are broken by position, so exactly n - floor(beta n) - floor(gamma n) elements survive.
 * The survivors are summed and scaled by `lambda`, as task_arithmetic does. The names are the paper's: beta for the
 * top share (mergekit calls it gamma), gamma for the bottom one.
 */

import { kthSmallestAbs } from '../kernels/select.js';
import { elementCount, type Kernel, type WorkArray } from './kernel.js';
import { numberHyper } from './hypers.js';
import { ratioHyper } from './ratio-hyper.js';
import { requireInputs, requireSameShape } from './tensors.js';
import { scaledSum } from './task-arithmetic.js';

/** floor(ratio * n), forgiving the last-bit error of the product (0.29 * 100 is 28.999999999999996). */
export function fractionCount(ratio: number, n: number): number {
  const x = ratio * n;
  const nearest = Math.round(x);
  return Math.abs(x - nearest) <= 1e-9 * Math.max(1, x) ? nearest : Math.floor(x);
}

/** |x| below the magnitude b, NaN counting as the largest magnitude (as in the selection). */
function below(a: number, b: number): boolean {
  return b !== b ? a === a : a < b;
}

function same(a: number, b: number): boolean {
  return b !== b ? a !== a : a === b;
}

/**
 * mask[i] = 1 when element i's ordinal magnitude rank (magnitude-rank.ts: by |x|, ties by position) lies in
 * [bottom, end). Found without ranking everything: the magnitudes at ranks `bottom` and `end` come from a radix
 * selection, everything strictly between them is in, and among the elements equal to a boundary magnitude the
 * positions decide, exactly as the ordinal ranks would.
 */
export function magnitudeBand(data: WorkArray, bottom: number, end: number): Uint8Array {
  const n = data.length;
  const mask = new Uint8Array(n);
  if (bottom >= end) return mask;
  const lo = bottom > 0 ? kthSmallestAbs(data, bottom + 1) : -1;
  const hi = end < n ? kthSmallestAbs(data, end + 1) : Infinity;
  const hasHi = end < n;
  // How many magnitudes lie strictly below each boundary: the rank of the first element equal to it.
  let belowLo = 0;
  let belowHi = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(data[i]!);
    if (bottom > 0 && below(a, lo)) belowLo++;
    if (hasHi && below(a, hi)) belowHi++;
  }
  let rankLo = belowLo; // ordinal rank of the next element equal to lo
  let rankHi = belowHi;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(data[i]!);
    let inside = bottom > 0 ? !below(a, lo) : true;
    if (bottom > 0 && same(a, lo) && rankLo++ < bottom) inside = false;
    if (hasHi) {
      if (same(a, hi)) {
        if (rankHi++ >= end) inside = false;
      } else if (!below(a, hi)) inside = false;
    }
    mask[i] = inside ? 1 : 0;
  }
  return mask;
}

export const breadcrumbs: Kernel = (inputs, hypers, ctx) => {
  requireInputs('breadcrumbs', inputs, 1, Infinity);
  requireSameShape('breadcrumbs', inputs, ctx);
  const shape = inputs[0]!.shape;
  const n = elementCount(shape);
  const beta = ratioHyper(hypers, 'beta', 0.01);
  const gamma = ratioHyper(hypers, 'gamma', 0.9);
  const lambda = numberHyper(hypers, 'lambda', 1);

  const top = fractionCount(beta, n);
  const bottom = Math.min(fractionCount(gamma, n), n - top);
  const end = n - top;
  return scaledSum(inputs, lambda, ctx, (m) => magnitudeBand(inputs[m]!.data, bottom, end));
};
