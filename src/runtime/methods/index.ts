/**
 * Merge method name -> kernel, under the registry's canonical names (the planner resolves aliases such as
 * `model_stock_for_tensor` before a step reaches the executor). Every registry method has one here except the
 * structural helpers `fallback`, `convert_singleton` and `literal`, which the planner resolves itself; each kernel
 * reads exactly the hyperparameters its signature declares (test/methods/consistency.test.ts checks both).
 */

import { addCosineA, addCosineB } from './add-cosine.js';
import { addDifference } from './add-difference.js';
import { addOpposite } from './add-opposite.js';
import { breadcrumbs } from './breadcrumbs.js';
import { clamp, clip } from './clamp.js';
import { clampedAddOpposite } from './clamped-add-opposite.js';
import { crossover } from './crossover.js';
import { della } from './della.js';
import { distributionCrossover } from './distribution-crossover.js';
import { dropout } from './dropout.js';
import { geometricMedian } from './geometric-median.js';
import { geometricSum } from './geometric-sum.js';
import type { Kernel } from './kernel.js';
import { modelStock } from './model-stock.js';
import { multiplyQuotient } from './multiply-quotient.js';
import { nAverage } from './n-average.js';
import { perpendicularComponent } from './perpendicular-component.js';
import { rotate } from './rotate.js';
import { scale } from './scale.js';
import { selectMaxDelta } from './select-max-delta.js';
import { slerp } from './slerp.js';
import { subtract } from './subtract.js';
import { taskArithmetic } from './task-arithmetic.js';
import { tensorSum } from './tensor-sum.js';
import { tiesSumWithDropout } from './ties-dropout.js';
import { tiesSum, tiesSumExtended } from './ties-sum.js';
import { topKTensorSum } from './top-k-tensor-sum.js';
import { truncateRank } from './truncate-rank.js';
import { trainDifference } from './train-difference.js';
import { weightedSum } from './weighted-sum.js';

export const KERNELS: ReadonlyMap<string, Kernel> = new Map<string, Kernel>([
  // linear
  ['weighted_sum', weightedSum],
  ['n_average', nAverage],
  ['slerp', slerp],
  ['add_difference', addDifference],
  ['subtract', subtract],
  ['scale', scale],
  ['task_arithmetic', taskArithmetic],
  ['perpendicular_component', perpendicularComponent],
  ['geometric_sum', geometricSum],
  ['multiply_quotient', multiplyQuotient],
  // difference
  ['train_difference', trainDifference],
  ['add_opposite', addOpposite],
  ['clamped_add_opposite', clampedAddOpposite],
  ['select_max_delta', selectMaxDelta],
  ['add_cosine_a', addCosineA],
  ['add_cosine_b', addCosineB],
  // ties
  ['ties_sum', tiesSum],
  ['ties_sum_extended', tiesSumExtended],
  ['ties_sum_with_dropout', tiesSumWithDropout],
  ['della', della],
  ['dropout', dropout],
  ['model_stock', modelStock],
  ['geometric_median', geometricMedian],
  ['breadcrumbs', breadcrumbs],
  // spectral
  ['crossover', crossover],
  ['distribution_crossover', distributionCrossover],
  ['rotate', rotate],
  ['truncate_rank', truncateRank],
  // selection
  ['tensor_sum', tensorSum],
  ['top_k_tensor_sum', topKTensorSum],
  ['clamp', clamp],
  ['clip', clip],
]);

export function kernelFor(method: string): Kernel | undefined {
  return KERNELS.get(method);
}
