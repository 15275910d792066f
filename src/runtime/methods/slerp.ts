/**
 * slerp(a, b, alpha=0.5): spherical interpolation of the two flattened tensors, rescaled to the interpolated norm.
 * Where the reference's result has a NaN (a zero tensor, or parallel tensors so that sin(omega) = 0) it falls back
 * to weighted_sum, and so does this.
 */

import type { Kernel } from './kernel.js';
import { numberHyper } from './hypers.js';
import { normOf } from './reduce.js';
import { requireInputs, requireSameShape } from './tensors.js';
import { weightedSumInto } from './weighted-sum.js';

export const slerp: Kernel = (inputs, hypers, ctx) => {
  requireInputs('slerp', inputs, 2);
  requireSameShape('slerp', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const alpha = numberHyper(hypers, 'alpha', 0.5);
  const n = a.length;
  const out = ctx.alloc(n);

  const normA = normOf(a, round);
  const normB = normOf(b, round);
  let dotSum = 0;
  for (let i = 0; i < n; i++) dotSum += round(round(a[i] / normA) * round(b[i] / normB));
  let dot = round(dotSum);
  if (dot < -1) dot = -1;
  else if (dot > 1) dot = 1;

  const omega = round(Math.acos(dot));
  const sinA = round(Math.sin(round(round(1 - alpha) * omega)));
  const sinB = round(Math.sin(round(round(alpha) * omega)));
  const sinOmega = round(Math.sin(omega));
  const scale = round(round(round(1 - alpha) * normA) + round(round(alpha) * normB));

  let nan = false;
  for (let i = 0; i < n; i++) {
    const contribA = round(round(a[i] / normA) * sinA);
    const contribB = round(round(b[i] / normB) * sinB);
    const v = round(round(round(contribA + contribB) / sinOmega) * scale);
    if (v !== v) {
      nan = true;
      break;
    }
    out[i] = v;
  }
  if (nan) weightedSumInto(a, b, alpha, out, ctx);
  return { shape: inputs[0].shape, data: out };
};
