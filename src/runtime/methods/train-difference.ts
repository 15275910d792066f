/**
 * train_difference(a, b, c, alpha=1.0) = a + (b - c) * alpha * mask, mask = 1.8 * |b - a| / (|b - a| + |b - c|):
 * the difference b - c is added where b is far from a relative to c. Where both distances are 0 the ratio is 0/0
 * and the reference's nan_to_num makes the mask 0.
 */

import type { Kernel } from './kernel.js';
import { numberHyper } from './hypers.js';
import { requireInputs, requireSameShape } from './tensors.js';

export const trainDifference: Kernel = (inputs, hypers, ctx) => {
  requireInputs('train_difference', inputs, 3);
  requireSameShape('train_difference', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const c = inputs[2].data;
  const alpha = round(numberHyper(hypers, 'alpha', 1.0));
  const gain = round(1.8);
  const out = ctx.alloc(a.length);
  for (let i = 0; i < out.length; i++) {
    const fromA = Math.abs(round(b[i] - a[i]));
    const delta = round(b[i] - c[i]);
    const ratio = round(fromA / round(fromA + Math.abs(delta)));
    const mask = round(gain * (ratio !== ratio ? 0 : ratio));
    out[i] = round(a[i] + round(round(delta * alpha) * mask));
  }
  return { shape: inputs[0].shape, data: out };
};
