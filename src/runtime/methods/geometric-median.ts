import { numberHyper } from './hypers.js';
import type { Kernel } from './kernel.js';
import { geometricMedian as weiszfeld } from './weiszfeld.js';

/**
 * geometric_median(*models; eps = 1e-6, maxiter = 100, ftol = 1e-20): the point minimizing the sum of Euclidean
 * distances to the models, each whole tensor being one point (Weiszfeld's iteration: see weiszfeld.ts).
 */
export const geometricMedian: Kernel = (inputs, hypers, ctx) => {
  if (inputs.length === 0) throw new RangeError('geometric_median takes at least one tensor');
  const median = weiszfeld(
    inputs.map((t) => t.data),
    { eps: numberHyper(hypers, 'eps', 1e-6), maxiter: numberHyper(hypers, 'maxiter', 100), ftol: numberHyper(hypers, 'ftol', 1e-20) },
    ctx,
  );
  return { shape: [...inputs[0]!.shape], data: median };
};
