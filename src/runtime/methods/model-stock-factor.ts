/**
 * Model Stock's interpolation factor t (arXiv 2403.19522, as mergekit approximates it and sd-mecha 0.0.x's
 * get_model_stock_t computes it): cos_theta is the mean cosine similarity of consecutive deltas, taken along the
 * last dimension (one value per row), and t = n * cos / (1 + (n - 1) * cos). t is unbounded near cos = -1/(n-1):
 * callers clean the product with nan_to_num as the reference does.
 */

import { axisLayout } from './axis.js';
import { cosineSimilarity } from './cosine-similarity.js';
import type { KernelContext, WorkArray } from './kernel.js';

/** One t per slice along the last dimension of `shape` (a vector or a 0-d tensor has a single slice). */
export function modelStockFactor(
  deltas: readonly WorkArray[],
  shape: readonly number[],
  cosEps: number,
  ctx: KernelContext,
): Float64Array {
  const n = deltas.length;
  if (n < 2) throw new RangeError(`model stock needs at least 2 deltas, got ${n}`);
  const round = ctx.round;
  const layout = axisLayout(shape, -1);
  const mean = cosineSimilarity(deltas[0], deltas[1], layout, cosEps, ctx);
  for (let m = 2; m < n; m++) {
    const next = cosineSimilarity(deltas[m - 1], deltas[m], layout, cosEps, ctx);
    for (let r = 0; r < mean.length; r++) mean[r] = round(mean[r] + next[r]);
  }
  for (let r = 0; r < mean.length; r++) {
    const cos = round(mean[r] / (n - 1));
    mean[r] = round(round(n * cos) / round(1 + round((n - 1) * cos)));
  }
  return mean;
}
