/** subtract(a, b) = a - b: turns two full models into a delta. */

import type { Kernel } from './kernel.js';
import { requireInputs, requireSameShape } from './tensors.js';

export const subtract: Kernel = (inputs, _hypers, ctx) => {
  requireInputs('subtract', inputs, 2);
  requireSameShape('subtract', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const out = ctx.alloc(a.length);
  for (let i = 0; i < out.length; i++) out[i] = round(a[i] - b[i]);
  return { shape: inputs[0].shape, data: out };
};
