/**
 * clamp(a, *bounds, stiffness=0.0): clamps a elementwise into [min(bounds), max(bounds)]. With stiffness, each limit
 * is pulled toward the bound nearest the bounds' center from its side (the smallest bound >= center, the largest
 * <= center), by weighted_sum with alpha = stiffness. sd-mecha 0.0.29's clamp centers on the mean of the bounds;
 * the older `clip` (0.0.x before clamp) on the midpoint of min and max. NaN propagates, as torch.maximum does.
 */

import type { Kernel, KernelContext, Tensor } from './kernel.js';
import { numberHyper } from './hypers.js';
import { requireInputs, requireSameShape } from './tensors.js';

type Center = 'mean' | 'midrange';

function nanMax(x: number, y: number): number {
  return x !== x || y !== y ? NaN : x > y ? x : y;
}

function nanMin(x: number, y: number): number {
  return x !== x || y !== y ? NaN : x < y ? x : y;
}

function clampKernel(method: string, center: Center): Kernel {
  return (inputs: readonly Tensor[], hypers, ctx: KernelContext) => {
    requireInputs(method, inputs, 2, Infinity);
    requireSameShape(method, inputs, ctx);
    const round = ctx.round;
    const stiffness = numberHyper(hypers, 'stiffness', 0.0);
    // Python's `if stiffness:` is true for any nonzero value, NaN included.
    const stiff = stiffness !== 0;
    const useMean = center === 'mean';
    const wKeep = round(1 - stiffness);
    const wPull = round(stiffness);
    const a = inputs[0].data;
    const bounds = inputs.slice(1).map((t) => t.data);
    const count = bounds.length;
    const out = ctx.alloc(a.length);
    for (let i = 0; i < out.length; i++) {
      let hi = bounds[0][i];
      let lo = hi;
      let sum = hi;
      for (let m = 1; m < count; m++) {
        const x = bounds[m][i];
        hi = nanMax(hi, x);
        lo = nanMin(lo, x);
        sum = round(sum + x);
      }
      if (stiff) {
        const mid = useMean ? round(sum / count) : round(round(hi + lo) / 2);
        let above = hi;
        let below = lo;
        for (let m = 0; m < count; m++) {
          const x = bounds[m][i];
          if (above >= x && x >= mid) above = x;
          if (below <= x && x <= mid) below = x;
        }
        hi = round(round(wKeep * hi) + round(wPull * above));
        lo = round(round(wKeep * lo) + round(wPull * below));
      }
      out[i] = nanMin(nanMax(a[i], lo), hi);
    }
    return { shape: inputs[0].shape, data: out };
  };
}

export const clamp: Kernel = clampKernel('clamp', 'mean');
export const clip: Kernel = clampKernel('clip', 'midrange');
