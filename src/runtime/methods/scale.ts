/**
 * scale(a: delta, alpha=1.0) = alpha * a, as sd-mecha 1.x's `scale`. Its two shortcuts are kept because they change
 * results, not only speed: alpha = 0 gives zeros even where a is NaN or infinite (the reference returns the constant
 * 0 without touching a), and alpha within 1e-9 of 1 returns a unchanged (Python's math.isclose).
 */

import type { Kernel } from './kernel.js';
import { numberHyper } from './hypers.js';
import { requireInputs } from './tensors.js';

export const scale: Kernel = (inputs, hypers, ctx) => {
  requireInputs('scale', inputs, 1);
  const a = inputs[0].data;
  const alpha = numberHyper(hypers, 'alpha');
  const out = ctx.alloc(a.length);
  if (alpha === 0) return { shape: inputs[0].shape, data: out };
  if (Math.abs(alpha - 1) <= 1e-9) {
    out.set(a);
    return { shape: inputs[0].shape, data: out };
  }
  const round = ctx.round;
  const w = round(alpha);
  for (let i = 0; i < out.length; i++) out[i] = round(w * a[i]);
  return { shape: inputs[0].shape, data: out };
};
