/**
 * add_opposite(a, b, c, alpha=1.0) = a + (b - c) * alpha * mask, mask = 2 * |a - b| / (|a - b| + |a + b - 2c|):
 * the difference is added where a and b sit on opposite sides of c. A 0/0 ratio (a = b = c) gives mask 0, as the
 * reference's nan_to_num does.
 */

import type { Kernel } from './kernel.js';
import { numberHyper } from './hypers.js';
import { requireInputs, requireSameShape } from './tensors.js';

export const addOpposite: Kernel = (inputs, hypers, ctx) => {
  requireInputs('add_opposite', inputs, 3);
  requireSameShape('add_opposite', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const c = inputs[2].data;
  const alpha = round(numberHyper(hypers, 'alpha', 1.0));
  const out = ctx.alloc(a.length);
  for (let i = 0; i < out.length; i++) {
    const apart = Math.abs(round(a[i] - b[i]));
    const around = Math.abs(round(round(a[i] + b[i]) - round(2 * c[i])));
    const ratio = round(apart / round(apart + around));
    const mask = round(2 * (ratio !== ratio ? 0 : ratio));
    out[i] = round(a[i] + round(round(round(b[i] - c[i]) * alpha) * mask));
  }
  return { shape: inputs[0].shape, data: out };
};
