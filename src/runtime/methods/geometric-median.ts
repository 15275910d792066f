import { fromDoubles, numberHyper, roundHalfEven } from '../linalg/blend.js';
import { type Kernel, elementCount } from './kernel.js';

/**
 * geometric_median(*models; eps = 1e-6, maxiter = 100, ftol = 1e-20): the point minimizing the sum of Euclidean
 * distances to the models (each whole tensor is one point), by Weiszfeld's iteration from the mean: reweight each
 * point by 1 / max(distance, eps) and average again. It stops after maxiter steps or once the mean distance moves
 * by at most ftol of itself; that test runs on the objective rounded to the work dtype, as the reference's fp32
 * tensors compare it, so it stops where the reference does.
 */
export const geometricMedian: Kernel = (inputs, hypers, ctx) => {
  if (inputs.length === 0) throw new RangeError('geometric_median takes at least one tensor');
  const eps = numberHyper(hypers, 'eps', 1e-6);
  const maxiter = Math.max(0, roundHalfEven(numberHyper(hypers, 'maxiter', 100)));
  const ftol = numberHyper(hypers, 'ftol', 1e-20);
  const shape = inputs[0]!.shape;
  const n = elementCount(shape);
  const points = inputs.map((t) => t.data);
  const k = points.length;

  const ones = new Float64Array(k).fill(1);
  let weights = ones;
  let median = weightedAverage(points, weights, n);
  let objective = ctx.round(meanDistance(points, median, n));
  for (let it = 0; it < maxiter; it++) {
    const previous = objective;
    const next = new Float64Array(k);
    for (let i = 0; i < k; i++) next[i] = 1 / Math.max(distance(points[i]!, median, n), eps);
    weights = next;
    median = weightedAverage(points, weights, n);
    objective = ctx.round(meanDistance(points, median, n));
    if (Math.abs(previous - objective) <= ftol * objective) break;
  }
  return fromDoubles(shape, median, ctx);
};

function weightedAverage(points: readonly ArrayLike<number>[], weights: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  let total = 0;
  points.forEach((p, i) => {
    const w = weights[i]!;
    total += w;
    for (let j = 0; j < n; j++) out[j] += w * p[j]!;
  });
  for (let j = 0; j < n; j++) out[j] = out[j]! / total;
  return out;
}

function distance(p: ArrayLike<number>, q: Float64Array, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) {
    const d = p[j]! - q[j]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

function meanDistance(points: readonly ArrayLike<number>[], median: Float64Array, n: number): number {
  let s = 0;
  for (const p of points) s += distance(p, median, n);
  return s / points.length;
}
