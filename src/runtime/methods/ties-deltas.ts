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
  // An empty tensor has nothing to trim (torch.kthvalue would refuse it).
  if (data.length === 0) return 0;
  const rank = Math.max(Math.trunc((1 - k) * data.length), 1);
  return Math.fround(kthSmallestAbs(data, rank));
}

/**
 * Trims element i of every model into `trimmed` and returns the elected sign. Trimming multiplies by a 0/1 filter
 * as the reference does, so its signed zeros (and NaN for an infinite x) carry over.
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
    const d = x * +(Math.abs(x) >= thresholds[m]);
    trimmed[m] = d;
    total = voteSign ? total + sign(d) : round(total + d);
  }
  return sign(total);
}

/**
 * ties_sum's result: the mean of the elected trimmed values, nan_to_num'd (0/0 where nothing is elected -> 0).
 * Written as the reference's arithmetic (trim by multiplying with a 0/1 filter, sum the filtered values in model
 * order) with branch-free 0/1 flags: with random signs, branches would mispredict half the time. Two and three
 * models, the common cases, get unrolled loops.
 */
export function tiesMeanInto(
  models: readonly WorkArray[],
  thresholds: Float64Array,
  voteSign: boolean,
  ctx: KernelContext,
  out: WorkArray,
): void {
  if (models.length === 2) tiesMean2(models[0], models[1], thresholds, voteSign, ctx, out);
  else if (models.length === 3) tiesMean3(models[0], models[1], models[2], thresholds, voteSign, ctx, out);
  else tiesMeanN(models, thresholds, voteSign, ctx, out);
}

function tiesMean2(
  x0: WorkArray,
  x1: WorkArray,
  thresholds: Float64Array,
  voteSign: boolean,
  ctx: KernelContext,
  out: WorkArray,
): void {
  const round = ctx.round;
  const t0 = thresholds[0];
  const t1 = thresholds[1];
  for (let i = 0; i < out.length; i++) {
    const a = x0[i] * +(Math.abs(x0[i]) >= t0);
    const b = x1[i] * +(Math.abs(x1[i]) >= t1);
    const sa = +(a > 0) - +(a < 0);
    const sb = +(b > 0) - +(b < 0);
    const total = voteSign ? sa + sb : round(a + b);
    const elected = +(total > 0) - +(total < 0);
    const ka = +(sa === elected);
    const kb = +(sb === elected);
    // torch sums from +0, so an all-zero sum is +0 as there.
    out[i] = nanToNum(round(round(0 + a * ka + b * kb) / (ka + kb)), ctx);
  }
}

function tiesMean3(
  x0: WorkArray,
  x1: WorkArray,
  x2: WorkArray,
  thresholds: Float64Array,
  voteSign: boolean,
  ctx: KernelContext,
  out: WorkArray,
): void {
  const round = ctx.round;
  const t0 = thresholds[0];
  const t1 = thresholds[1];
  const t2 = thresholds[2];
  for (let i = 0; i < out.length; i++) {
    const a = x0[i] * +(Math.abs(x0[i]) >= t0);
    const b = x1[i] * +(Math.abs(x1[i]) >= t1);
    const c = x2[i] * +(Math.abs(x2[i]) >= t2);
    const sa = +(a > 0) - +(a < 0);
    const sb = +(b > 0) - +(b < 0);
    const sc = +(c > 0) - +(c < 0);
    const total = voteSign ? sa + sb + sc : round(round(a + b) + c);
    const elected = +(total > 0) - +(total < 0);
    const ka = +(sa === elected);
    const kb = +(sb === elected);
    const kc = +(sc === elected);
    // Multiplying by a 0/1 flag is exact, so this is the reference's rounded sum of the filtered values.
    out[i] = nanToNum(round(round(round(0 + a * ka + b * kb) + c * kc) / (ka + kb + kc)), ctx);
  }
}

function tiesMeanN(
  models: readonly WorkArray[],
  thresholds: Float64Array,
  voteSign: boolean,
  ctx: KernelContext,
  out: WorkArray,
): void {
  const round = ctx.round;
  const trimmed = new Float64Array(models.length);
  for (let i = 0; i < out.length; i++) {
    const elected = electAt(models, thresholds, voteSign, round, i, trimmed);
    let sum = 0;
    let count = 0;
    for (let m = 0; m < trimmed.length; m++) {
      const d = trimmed[m];
      const keep = +(sign(d) === elected);
      sum = round(sum + d * keep);
      count += keep;
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
      const keep = +(sign(d) === winner);
      elected[m][i] = d * keep;
      sum = round(sum + d * keep);
      count += keep;
    }
    sums[i] = sum;
    counts[i] = count;
  }
  return { elected, sums, counts };
}
