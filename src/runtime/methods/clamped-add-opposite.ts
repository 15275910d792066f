/**
 * clamped_add_opposite(a, b, c, alpha=1.0) = a + (b - c) * alpha * mask, with
 * mask = 2 * max(0, (c - a) * (b - c) / max(|a - c|, |b - c|)^2): positive only where c lies between a and b.
 * A 0/0 (a = b = c) gives 0, as the reference's nan_to_num does; an infinite ratio becomes the largest float.
 */

import type { Kernel } from './kernel.js';
import { numberHyper } from './hypers.js';
import { nanToNum } from './reduce.js';
import { requireInputs, requireSameShape } from './tensors.js';

export const clampedAddOpposite: Kernel = (inputs, hypers, ctx) => {
  requireInputs('clamped_add_opposite', inputs, 3);
  requireSameShape('clamped_add_opposite', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const c = inputs[2].data;
  const alpha = round(numberHyper(hypers, 'alpha', 1.0));
  const out = ctx.alloc(a.length);
  for (let i = 0; i < out.length; i++) {
    const cFromA = round(c[i] - a[i]);
    const delta = round(b[i] - c[i]);
    const threshold = Math.max(Math.abs(cFromA), Math.abs(delta));
    const ratio = nanToNum(round(round(cFromA * delta) / round(threshold * threshold)), ctx);
    const mask = round((ratio > 0 ? ratio : 0) * 2);
    out[i] = round(a[i] + round(round(delta * alpha) * mask));
  }
  return { shape: inputs[0].shape, data: out };
};
