/** add_difference(a, b: delta, alpha=1.0) = a + alpha * b. */

import type { Kernel } from './kernel.js';
import { numberHyper } from './hypers.js';
import { requireInputs, requireSameShape } from './tensors.js';

export const addDifference: Kernel = (inputs, hypers, ctx) => {
  requireInputs('add_difference', inputs, 2);
  requireSameShape('add_difference', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const alpha = round(numberHyper(hypers, 'alpha', 1.0));
  const out = ctx.alloc(a.length);
  for (let i = 0; i < out.length; i++) out[i] = round(a[i] + round(alpha * b[i]));
  return { shape: inputs[0].shape, data: out };
};
