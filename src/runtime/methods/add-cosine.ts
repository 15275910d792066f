/**
 * add_cosine_a / add_cosine_b(a, b, alpha): a weighted sum whose weight per column (per index of the dims after the
 * first) is 1 - clamp(similarity - alpha, 0, 1). add_cosine_a measures the cosine similarity of the columns after
 * normalising them; add_cosine_b averages that column similarity with the similarity of the whole tensors. alpha
 * has no default in sd-mecha 0.0.x.
 *
 * The whole-tensor similarity of add_cosine_b is not guarded by the reference: a zero tensor makes it 0/0, and the
 * result is NaN, as there.
 */

import { type AxisLayout, axisLayout, normalizeAlong } from './axis.js';
import { cosineSimilarity } from './cosine-similarity.js';
import type { Kernel, KernelContext, Tensor, WorkArray } from './kernel.js';
import { numberHyper } from './hypers.js';
import { normOf } from './reduce.js';
import { requireInputs, requireSameShape } from './tensors.js';

/** torch.nn.functional.normalize's default floor under a norm. */
const NORMALIZE_EPS = 1e-12;
/** torch.nn.functional.cosine_similarity's default floor. */
const COSINE_EPS = 1e-8;

/** Blends a and b column by column with weight k = 1 - clamp(similarity - alpha, 0, 1). */
function blendByColumn(a: Tensor, b: Tensor, similarity: Float64Array, alpha: number, layout: AxisLayout, ctx: KernelContext): Tensor {
  const round = ctx.round;
  const threshold = round(alpha);
  const weights = new Float64Array(similarity.length);
  for (let j = 0; j < similarity.length; j++) {
    let excess = round(similarity[j] - threshold);
    if (excess < 0) excess = 0;
    else if (excess > 1) excess = 1;
    weights[j] = round(1 - excess);
  }
  const x = a.data;
  const y = b.data;
  const out = ctx.alloc(x.length);
  const { length, inner } = layout;
  for (let l = 0; l < length; l++) {
    const row = l * inner;
    for (let j = 0; j < inner; j++) {
      const k = weights[j];
      out[row + j] = round(round(round(1 - k) * x[row + j]) + round(k * y[row + j]));
    }
  }
  return { shape: a.shape, data: out };
}

function prepare(method: string, inputs: readonly Tensor[], ctx: KernelContext): AxisLayout {
  requireInputs(method, inputs, 2);
  requireSameShape(method, inputs, ctx);
  return axisLayout(inputs[0].shape, 0);
}

export const addCosineA: Kernel = (inputs, hypers, ctx) => {
  const layout = prepare('add_cosine_a', inputs, ctx);
  const alpha = numberHyper(hypers, 'alpha');
  const [a, b] = inputs;
  const aUnit = normalizeAlong(a.data, layout, NORMALIZE_EPS, ctx);
  const bUnit = normalizeAlong(b.data, layout, NORMALIZE_EPS, ctx);
  const similarity = cosineSimilarity(aUnit, bUnit, layout, COSINE_EPS, ctx);
  return blendByColumn(a, b, similarity, alpha, layout, ctx);
};

function dotOf(x: WorkArray, y: WorkArray, round: (v: number) => number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += round(x[i] * y[i]);
  return round(s);
}

export const addCosineB: Kernel = (inputs, hypers, ctx) => {
  const layout = prepare('add_cosine_b', inputs, ctx);
  const alpha = numberHyper(hypers, 'alpha');
  const round = ctx.round;
  const [a, b] = inputs;
  const similarity = cosineSimilarity(a.data, b.data, layout, COSINE_EPS, ctx);
  const dot = dotOf(a.data, b.data, round);
  const magnitude = round(dot / round(normOf(a.data, round) * normOf(b.data, round)));
  for (let j = 0; j < similarity.length; j++) similarity[j] = round(round(similarity[j] + magnitude) / 2);
  return blendByColumn(a, b, similarity, alpha, layout, ctx);
};
