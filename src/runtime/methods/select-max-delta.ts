/**
 * select_max_delta(a, b, alpha=0.5): per element, a where (1 - alpha) * |a / std(a)| >= alpha * |b / std(b)|,
 * else b. std is torch's unbiased standard deviation of the whole tensor; a single element (or a zero tensor) makes
 * it NaN or 0, the comparison fails and b is chosen, as in the reference.
 */

import type { Kernel, WorkArray } from './kernel.js';
import { numberHyper } from './hypers.js';
import { requireInputs, requireSameShape } from './tensors.js';

/** torch.std over all elements on CPU: an fp32-rounded mean, squared deviations summed in double, n - 1. */
function standardDeviation(data: WorkArray, round: (x: number) => number): number {
  const n = data.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data[i];
  const mean = round(round(sum) / n);
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = data[i] - mean;
    squares += d * d;
  }
  return round(Math.sqrt(squares / Math.max(0, n - 1)));
}

export const selectMaxDelta: Kernel = (inputs, hypers, ctx) => {
  requireInputs('select_max_delta', inputs, 2);
  requireSameShape('select_max_delta', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const alpha = numberHyper(hypers, 'alpha', 0.5);
  const wa = round(1 - alpha);
  const wb = round(alpha);
  const stdA = standardDeviation(a, round);
  const stdB = standardDeviation(b, round);
  const out = ctx.alloc(a.length);
  for (let i = 0; i < out.length; i++) {
    const scoreA = round(wa * Math.abs(round(a[i] / stdA)));
    const scoreB = round(wb * Math.abs(round(b[i] / stdB)));
    out[i] = scoreA >= scoreB ? a[i] : b[i];
  }
  return { shape: inputs[0].shape, data: out };
};
