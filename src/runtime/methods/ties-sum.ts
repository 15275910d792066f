/**
 * ties_sum(*deltas, k=0.2, vote_sgn=0.0): TIES merging of deltas (see ties-deltas.ts), the mean of the elected
 * values per element.
 *
 * ties_sum_extended adds two alternatives to that mean, as sd-mecha 0.0.29 does:
 * - apply_stock > 0 ("TIES-STOCK"): the mean is scaled by Model Stock's t, computed from the elected deltas per row
 *   of the last dimension (cos_eps floors the norms in the cosine);
 * - apply_median > 0 ("TIES-GMEDIAN", takes precedence): the result is the geometric median of the elected deltas
 *   (eps, maxiter, ftol drive the Weiszfeld iteration).
 * Both results pass through nan_to_num, as in the reference.
 */

import type { Kernel, KernelContext, Tensor } from './kernel.js';
import { numberHyper, switchHyper } from './hypers.js';
import { modelStockFactor } from './model-stock-factor.js';
import { nanToNum } from './reduce.js';
import { electDeltas, tiesMeanInto, topKThreshold } from './ties-deltas.js';
import { requireInputs, requireSameShape } from './tensors.js';
import { geometricMedian } from './weiszfeld.js';

function thresholdsOf(inputs: readonly Tensor[], k: number): Float64Array {
  const thresholds = new Float64Array(inputs.length);
  for (let m = 0; m < inputs.length; m++) thresholds[m] = topKThreshold(inputs[m].data, k);
  return thresholds;
}

export const tiesSum: Kernel = (inputs, hypers, ctx) => {
  requireInputs('ties_sum', inputs, 1, Infinity);
  requireSameShape('ties_sum', inputs, ctx);
  const k = numberHyper(hypers, 'k', 0.2);
  const voteSign = switchHyper(hypers, 'vote_sgn');
  const out = ctx.alloc(inputs[0].data.length);
  tiesMeanInto(
    inputs.map((t) => t.data),
    thresholdsOf(inputs, k),
    voteSign,
    ctx,
    out,
  );
  return { shape: inputs[0].shape, data: out };
};

function stockScaled(inputs: readonly Tensor[], thresholds: Float64Array, voteSign: boolean, cosEps: number, ctx: KernelContext): Tensor {
  const round = ctx.round;
  const shape = inputs[0].shape;
  const { elected, sums, counts } = electDeltas(
    inputs.map((t) => t.data),
    thresholds,
    voteSign,
    ctx,
  );
  const factors = modelStockFactor(elected, shape, cosEps, ctx);
  const rowLength = shape.length === 0 ? 1 : shape[shape.length - 1];
  for (let r = 0; r < factors.length; r++) {
    const t = factors[r];
    const base = r * rowLength;
    for (let j = 0; j < rowLength; j++) {
      const i = base + j;
      sums[i] = nanToNum(round(round(sums[i] * t) / counts[i]), ctx);
    }
  }
  return { shape, data: sums };
}

export const tiesSumExtended: Kernel = (inputs, hypers, ctx) => {
  requireInputs('ties_sum_extended', inputs, 1, Infinity);
  requireSameShape('ties_sum_extended', inputs, ctx);
  const k = numberHyper(hypers, 'k', 0.2);
  const voteSign = switchHyper(hypers, 'vote_sgn');
  const thresholds = thresholdsOf(inputs, k);
  if (switchHyper(hypers, 'apply_median')) {
    const { elected } = electDeltas(
      inputs.map((t) => t.data),
      thresholds,
      voteSign,
      ctx,
    );
    const median = geometricMedian(
      elected,
      {
        eps: numberHyper(hypers, 'eps', 1e-6),
        maxiter: numberHyper(hypers, 'maxiter', 100),
        ftol: numberHyper(hypers, 'ftol', 1e-20),
      },
      ctx,
    );
    for (let i = 0; i < median.length; i++) median[i] = nanToNum(median[i], ctx);
    return { shape: inputs[0].shape, data: median };
  }
  if (switchHyper(hypers, 'apply_stock')) {
    return stockScaled(inputs, thresholds, voteSign, numberHyper(hypers, 'cos_eps', 1e-6), ctx);
  }
  // t = 1: the plain TIES mean.
  const out = ctx.alloc(inputs[0].data.length);
  tiesMeanInto(
    inputs.map((t) => t.data),
    thresholds,
    voteSign,
    ctx,
    out,
  );
  return { shape: inputs[0].shape, data: out };
};
