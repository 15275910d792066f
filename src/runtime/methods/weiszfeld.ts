/**
 * The geometric median of whole tensors by Weiszfeld's iteration, as sd-mecha 0.0.x's
 * geometric_median_list_of_array (from krishnap25/geom_median): start at the mean; each step reweights every point
 * by 1 / max(distance to the current median, eps) and takes the weighted mean; stop after `maxiter` steps or when
 * the mean distance changes by at most ftol times itself. The returned median is the last weighted mean.
 */

import type { KernelContext, WorkArray } from './kernel.js';
import { pythonRound } from './hypers.js';

export interface WeiszfeldOptions {
  readonly eps: number;
  readonly maxiter: number;
  readonly ftol: number;
}

/** sum_i(points[i] * weights[i]) / sum(weights), summed in point order. */
function weightedAverageInto(points: readonly WorkArray[], weights: Float64Array, ctx: KernelContext, out: WorkArray): void {
  const round = ctx.round;
  let total = 0;
  for (let m = 0; m < weights.length; m++) total = round(total + weights[m]);
  const n = out.length;
  const w0 = weights[0];
  const p0 = points[0];
  for (let i = 0; i < n; i++) out[i] = round(p0[i] * w0);
  for (let m = 1; m < points.length; m++) {
    const p = points[m];
    const w = weights[m];
    for (let i = 0; i < n; i++) out[i] = round(out[i] + round(p[i] * w));
  }
  for (let i = 0; i < n; i++) out[i] = round(out[i] / total);
}

/** torch.dist(p, q): the 2-norm of the rounded difference. */
function distance(p: WorkArray, q: WorkArray, round: (x: number) => number): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const d = round(p[i] - q[i]);
    s += d * d;
  }
  return round(Math.sqrt(s));
}

/** The mean over points of distance * weight; the reference's objective always uses the initial (unit) weights. */
function objective(points: readonly WorkArray[], median: WorkArray, ctx: KernelContext): number {
  const round = ctx.round;
  let s = 0;
  for (const p of points) s = round(s + distance(p, median, round));
  return round(s / points.length);
}

export function geometricMedian(points: readonly WorkArray[], options: WeiszfeldOptions, ctx: KernelContext): WorkArray {
  if (points.length === 0) throw new RangeError('geometric median of no points');
  const round = ctx.round;
  const eps = round(options.eps);
  const ftol = round(options.ftol);
  const weights = new Float64Array(points.length).fill(1);
  const median = ctx.alloc(points[0].length);
  weightedAverageInto(points, weights, ctx, median);
  let value = objective(points, median, ctx);
  const steps = Math.max(0, pythonRound(options.maxiter));
  for (let step = 0; step < steps; step++) {
    const previous = value;
    for (let m = 0; m < points.length; m++) {
      const d = distance(points[m], median, round);
      // torch.clamp(d, min=eps) keeps a NaN distance NaN.
      weights[m] = round(1 / (d < eps ? eps : d));
    }
    weightedAverageInto(points, weights, ctx, median);
    value = objective(points, median, ctx);
    if (round(Math.abs(round(previous - value))) <= round(ftol * value)) break;
  }
  return median;
}
