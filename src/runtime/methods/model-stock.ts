import { numberHyper } from '../linalg/blend.js';
import { type Kernel, elementCount } from './kernel.js';

/**
 * model_stock_for_tensor(*deltas; cos_eps = 1e-6): Model Stock's interpolation of task vectors as sd-mecha (after
 * mergekit) computes it. cos is the cosine similarity of consecutive deltas along the last axis, averaged over the
 * pairs, so each row of a matrix (each kernel row of a conv) gets its own t = n cos / (1 + (n - 1) cos), which
 * scales the mean delta. A t that blows up is cleaned like torch.nan_to_num: NaN to 0, infinities to the largest
 * finite value of the work dtype.
 *
 * For short rows cos can come close to -1/(n - 1), where t's slope is in the millions: the last bits of cos then
 * show in the result. So every step rounds to the work dtype in torch's order (norms and dot products accumulated
 * in sequence, each vector divided by its norm before the dot product).
 */
export const modelStock: Kernel = (inputs, hypers, ctx) => {
  const n = inputs.length;
  if (n < 2) throw new RangeError('model_stock_for_tensor needs at least two deltas');
  const { round } = ctx;
  const eps = round(numberHyper(hypers, 'cos_eps', 1e-6));
  const shape = inputs[0]!.shape;
  const total = elementCount(shape);
  const len = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  const rows = len === 0 ? 0 : total / len;
  const big = ctx.workDtype === 'fp32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const out = ctx.alloc(total);
  const data = inputs.map((t) => t.data);

  for (let r = 0; r < rows; r++) {
    const base = r * len;
    let cosSum = 0;
    for (let i = 0; i + 1 < n; i++) cosSum = round(cosSum + cosine(data[i]!, data[i + 1]!, base, len, eps, round));
    const cos = round(cosSum / (n - 1));
    const t = round(round(n * cos) / round(1 + round((n - 1) * cos)));
    for (let j = 0; j < len; j++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum = round(sum + data[i]![base + j]!);
      let v = round(t * round(sum / n));
      if (Number.isNaN(v)) v = 0;
      else if (v === Infinity) v = big;
      else if (v === -Infinity) v = -big;
      out[base + j] = v;
    }
  }
  return { shape: [...shape], data: out };
};

/** torch's cosine_similarity: each vector divided by max(its norm, eps), then the dot product. */
function cosine(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  base: number,
  len: number,
  eps: number,
  round: (v: number) => number,
): number {
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
