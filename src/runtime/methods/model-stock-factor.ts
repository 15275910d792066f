/**
 * Model Stock's interpolation factor t (arXiv 2403.19522, as mergekit approximates it and sd-mecha 0.0.x's
 * get_model_stock_t computes it): cos is the mean cosine similarity of consecutive deltas along the last dimension
 * (one value per row; a vector or a 0-d tensor has a single row), and t = n * cos / (1 + (n - 1) * cos).
 *
 * t is unbounded near cos = -1/(n - 1), where its slope is in the millions and the last bits of cos show in the
 * result; so every step rounds to the work dtype in torch's order (norms and dot products accumulated in sequence,
 * each vector divided by its norm before the dot product). Callers clean the scaled result with nan_to_num, as the
 * reference does.
 */

import type { KernelContext, WorkArray } from './kernel.js';

export function modelStockFactor(
  deltas: readonly WorkArray[],
  shape: readonly number[],
  cosEps: number,
  ctx: KernelContext,
): Float64Array {
  const n = deltas.length;
  if (n < 2) throw new RangeError(`model stock needs at least 2 deltas, got ${n}`);
  const round = ctx.round;
  const eps = round(cosEps);
  const total = deltas[0]!.length;
  const len = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  const rows = len === 0 ? 0 : total / len;
  const factors = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * len;
    let cosSum = 0;
    for (let i = 0; i + 1 < n; i++) cosSum = round(cosSum + cosine(deltas[i]!, deltas[i + 1]!, base, len, eps, round));
    const cos = round(cosSum / (n - 1));
    factors[r] = round(round(n * cos) / round(1 + round((n - 1) * cos)));
  }
  return factors;
}

/** torch's cosine_similarity of one row: each vector divided by max(its norm, eps), then the dot product. */
function cosine(x: WorkArray, y: WorkArray, base: number, len: number, eps: number, round: (v: number) => number): number {
  let xx = 0;
  let yy = 0;
  for (let j = 0; j < len; j++) {
    const a = x[base + j]!;
    const b = y[base + j]!;
    xx = round(xx + round(a * a));
    yy = round(yy + round(b * b));
  }
  const nx = Math.max(round(Math.sqrt(xx)), eps);
  const ny = Math.max(round(Math.sqrt(yy)), eps);
  let dot = 0;
  for (let j = 0; j < len; j++) dot = round(dot + round(round(x[base + j]! / nx) * round(y[base + j]! / ny)));
  return dot;
}
