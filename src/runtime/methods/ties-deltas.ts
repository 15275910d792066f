/**
 * The TIES steps shared by ties_sum and ties_sum_extended (arXiv 2306.01708, as sd-mecha 0.0.x's ties_sum_deltas):
 * 1. trim: keep each delta's largest-magnitude fraction k, zero the rest;
 * 2. elect: per element, the sign of the sum of the trimmed deltas (or of their signs, "TIES-SOUP", `vote_sgn`);
 * 3. disjoint merge: keep the trimmed values whose sign equals the elected one, and count them.
 * An elected sign of 0 keeps the zeros and counts them, as the reference's `signs == final_sign` does.
 */

import { kthSmallestAbs } from '../kernels/select.js';
import type { KernelContext, WorkArray } from './kernel.js';
import { nanToNum } from './reduce.js';

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/**
 * The magnitude at or above which an element survives trimming: the k-th smallest |x| with k = max(int((1 - k) *
 * n), 1). The reference takes it from an fp32 copy, so it is fp32 even in fp64 work. Ties at it all survive.
 */
export function topKThreshold(data: WorkArray, k: number): number {
  const rank = Math.max(Math.trunc((1 - k) * data.length), 1);
  return Math.fround(kthSmallestAbs(data, rank));
}

/**
 * Trims element i of every model into `trimmed` and returns the elected sign. A trimmed-away value is x * 0, which
 * keeps the reference's signed zeros and NaNs.
 */
function electAt(
  models: readonly WorkArray[],
  thresholds: Float64Array,
  voteSign: boolean,
  round: (x: number) => number,
  i: number,
  trimmed: Float64Array,
): number {
  let total = 0;
  for (let m = 0; m < models.length; m++) {
    const x = models[m][i];
    const d = Math.abs(x) >= thresholds[m] ? x : x * 0;
    trimmed[m] = d;
    total = voteSign ? total + sign(d) : round(total + d);
  }
  return sign(total);
}

/** ties_sum's result: the mean of the elected trimmed values, NaN (no value elected) cleaned to 0. */
export function tiesMeanInto(
  models: readonly WorkArray[],
  thresholds: Float64Array,
  voteSign: boolean,
  ctx: KernelContext,
  out: WorkArray,
): void {
  const round = ctx.round;
  const trimmed = new Float64Array(models.length);
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const elected = electAt(models, thresholds, voteSign, round, i, trimmed);
    let sum = 0;
    let count = 0;
    for (let m = 0; m < trimmed.length; m++) {
      const d = trimmed[m];
      if (sign(d) === elected) {
        sum = round(sum + d);
        count++;
      }
    }
    out[i] = nanToNum(round(sum / count), ctx);
  }
}

export interface ElectedDeltas {
  /** Per model: the trimmed value where its sign was elected, else 0. */
  readonly elected: WorkArray[];
  /** Per element: the sum of the elected values. */
  readonly sums: WorkArray;
  /** Per element: how many models were elected. */
  readonly counts: Uint32Array;
}

/** The same three steps, keeping every model's elected deltas for methods that look at them as tensors. */
export function electDeltas(
  models: readonly WorkArray[],
  thresholds: Float64Array,
  voteSign: boolean,
  ctx: KernelContext,
): ElectedDeltas {
  const round = ctx.round;
  const n = models[0].length;
  const elected = models.map(() => ctx.alloc(n));
  const sums = ctx.alloc(n);
  const counts = new Uint32Array(n);
  const trimmed = new Float64Array(models.length);
  for (let i = 0; i < n; i++) {
    const winner = electAt(models, thresholds, voteSign, round, i, trimmed);
    let sum = 0;
    let count = 0;
    for (let m = 0; m < trimmed.length; m++) {
      const d = trimmed[m];
      const keep = sign(d) === winner;
      elected[m][i] = keep ? d : d * 0;
      if (keep) {
        sum = round(sum + d);
        count++;
      }
    }
    sums[i] = sum;
    counts[i] = count;
  }
  return { elected, sums, counts };
}
