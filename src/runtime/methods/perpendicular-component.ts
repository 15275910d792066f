/**
 * perpendicular_component(a, b) = b minus its projection on a. The projection coefficient is computed as
 * sum((a / |a|) * (b / |a|)), like the reference; a zero `a` makes it NaN, and then the result is all zeros.
 */

import type { Kernel } from './kernel.js';
import { normOf } from './reduce.js';
import { requireInputs, requireSameShape } from './tensors.js';

export const perpendicularComponent: Kernel = (inputs, _hypers, ctx) => {
  requireInputs('perpendicular_component', inputs, 2);
  requireSameShape('perpendicular_component', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const out = ctx.alloc(a.length);
  const normA = normOf(a, round);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += round(round(a[i] / normA) * round(b[i] / normA));
  const coefficient = round(s);
  for (let i = 0; i < a.length; i++) {
    const v = round(b[i] - round(a[i] * coefficient));
    if (v !== v) {
      out.fill(0);
      break;
    }
    out[i] = v;
  }
  return { shape: inputs[0].shape, data: out };
};
