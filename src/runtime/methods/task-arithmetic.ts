/**
 * `task_arithmetic` (Ilharco et al., "Editing Models with Task Arithmetic"): lambda * sum_m w_m * delta_m.
 *
 * Weights: `weights` is one number for every model or a comma-separated list ("1, 0.5, 0.25"), default 1;
 * `weight_<m>` (0-based) overrides model m's and, being a number, can take block and class maps. `lambda` scales the
 * sum (default 1). In fp32 each product and each partial sum (from 0, in model order) is rounded, then the sum is scaled.
 */

import { elementCount, type Hypers, type Kernel } from './kernel.js';
import { numberHyper } from './hypers.js';
import { requireInputs, requireSameShape } from './tensors.js';

/** Each model's weight from `weights` and `weight_<m>`. */
export function taskWeights(hypers: Hypers, models: number): number[] {
  const list = hypers['weights'];
  let base: number[];
  if (typeof list === 'string') {
    base = list.split(',').map((s) => {
      const w = Number(s.trim());
      if (s.trim() === '' || !Number.isFinite(w)) throw new TypeError(`weights: "${s.trim()}" is not a number`);
      return w;
    });
    if (base.length !== models) {
      throw new RangeError(`weights lists ${base.length} numbers for ${models} models`);
    }
  } else {
    base = new Array<number>(models).fill(numberHyper(hypers, 'weights', 1));
  }
  return base.map((w, m) => numberHyper(hypers, `weight_${m}`, w));
}

export const taskArithmetic: Kernel = (inputs, hypers, ctx) => {
  requireInputs('task_arithmetic', inputs, 1, Infinity);
  requireSameShape('task_arithmetic', inputs, ctx);
  const shape = inputs[0]!.shape;
  const n = elementCount(shape);
  const weights = taskWeights(hypers, inputs.length);
  const lambda = numberHyper(hypers, 'lambda', 1);
  const round = ctx.round;
  const acc = ctx.alloc(n);
  for (let m = 0; m < inputs.length; m++) {
    const d = inputs[m]!.data;
    const w = round(weights[m]!);
    for (let i = 0; i < n; i++) acc[i] = round(acc[i]! + round(w * d[i]!));
  }
  const l = round(lambda);
  if (l !== 1) for (let i = 0; i < n; i++) acc[i] = round(l * acc[i]!);
  return { shape, data: acc };
};
