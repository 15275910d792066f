import { numberHyper } from './hypers.js';
import { type Kernel, elementCount } from './kernel.js';
import { modelStockFactor } from './model-stock-factor.js';

/**
 * model_stock(*deltas; cos_eps = 1e-6) (`model_stock_for_tensor` in legacy recipes): Model Stock's interpolation of
 * task vectors as sd-mecha (after mergekit) computes it: the mean delta scaled, row by row along the last axis, by
 * t = n cos / (1 + (n - 1) cos) (see model-stock-factor.ts). A t that blows up is cleaned like torch.nan_to_num:
 * NaN to 0, infinities to the largest finite value of the work dtype.
 */
export const modelStock: Kernel = (inputs, hypers, ctx) => {
  const n = inputs.length;
  if (n < 2) throw new RangeError('model_stock needs at least two deltas');
  const { round } = ctx;
  const shape = inputs[0]!.shape;
  const total = elementCount(shape);
  const len = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  const big = ctx.workDtype === 'fp32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const data = inputs.map((t) => t.data);
  const factors = modelStockFactor(data, shape, numberHyper(hypers, 'cos_eps', 1e-6), ctx);
  const out = ctx.alloc(total);
  for (let r = 0; r < factors.length; r++) {
    const t = factors[r]!;
    const base = r * len;
    for (let j = 0; j < len; j++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum = round(sum + data[i]![base + j]!);
      let v = round(t * round(sum / n));
      if (Number.isNaN(v)) v = 0;
      else if (v === Infinity) v = big;
      else if (v === -Infinity) v = -big;
      out[base + j] = v;
    }
  }
  return { shape: [...shape], data: out };
};
