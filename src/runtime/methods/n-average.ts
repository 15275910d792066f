/** n_average(*models): the elementwise mean, summed in model order then divided, as torch's CPU mean does. */

import type { Kernel } from './kernel.js';
import { requireInputs, requireSameShape } from './tensors.js';

export const nAverage: Kernel = (inputs, _hypers, ctx) => {
  requireInputs('n_average', inputs, 1, Infinity);
  requireSameShape('n_average', inputs, ctx);
  const round = ctx.round;
  const count = inputs.length;
  const out = ctx.alloc(inputs[0].data.length);
  out.set(inputs[0].data);
  for (let m = 1; m < count; m++) {
    const x = inputs[m].data;
    for (let i = 0; i < out.length; i++) out[i] = round(out[i] + x[i]);
  }
  for (let i = 0; i < out.length; i++) out[i] = round(out[i] / count);
  return { shape: inputs[0].shape, data: out };
};
