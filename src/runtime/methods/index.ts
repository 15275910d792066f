/**
 * Merge method name -> kernel, for the names recipes use: sd-mecha 0.0.29's method names, plus `clip`, the name
 * clamp had in earlier 0.0.x releases (with its own centering, see clamp.ts). Hyperparameter names and defaults are
 * 0.0.29's.
 */

import { addCosineA, addCosineB } from './add-cosine.js';
import { addDifference } from './add-difference.js';
import { breadcrumbs } from './breadcrumbs.js';
import { della } from './della.js';
import { dropout } from './dropout.js';
import { taskArithmetic } from './task-arithmetic.js';
import { tiesSumWithDropout } from './ties-dropout.js';
import { addOpposite } from './add-opposite.js';
import { clamp, clip } from './clamp.js';
import { clampedAddOpposite } from './clamped-add-opposite.js';
import { geometricSum } from './geometric-sum.js';
import type { Kernel } from './kernel.js';
import { multiplyQuotient } from './multiply-quotient.js';
import { nAverage } from './n-average.js';
import { perpendicularComponent } from './perpendicular-component.js';
import { selectMaxDelta } from './select-max-delta.js';
import { slerp } from './slerp.js';
import { subtract } from './subtract.js';
import { tensorSum } from './tensor-sum.js';
import { tiesSum, tiesSumExtended } from './ties-sum.js';
import { topKTensorSum } from './top-k-tensor-sum.js';
import { trainDifference } from './train-difference.js';
import { weightedSum } from './weighted-sum.js';

export const KERNELS: ReadonlyMap<string, Kernel> = new Map<string, Kernel>([
  ['weighted_sum', weightedSum],
  ['n_average', nAverage],
  ['slerp', slerp],
  ['add_difference', addDifference],
  ['subtract', subtract],
  ['perpendicular_component', perpendicularComponent],
  ['geometric_sum', geometricSum],
  ['add_cosine_a', addCosineA],
  ['add_cosine_b', addCosineB],
  ['ties_sum', tiesSum],
  ['ties_sum_extended', tiesSumExtended],
  ['tensor_sum', tensorSum],
  ['top_k_tensor_sum', topKTensorSum],
  ['train_difference', trainDifference],
  ['add_opposite', addOpposite],
  ['clamped_add_opposite', clampedAddOpposite],
  ['select_max_delta', selectMaxDelta],
  ['multiply_quotient', multiplyQuotient],
  ['clamp', clamp],
  ['clip', clip],
  ['dropout', dropout],
  ['ties_sum_with_dropout', tiesSumWithDropout],
  ['della', della],
  ['breadcrumbs', breadcrumbs],
  ['task_arithmetic', taskArithmetic],
]);

export function kernelFor(method: string): Kernel | undefined {
  return KERNELS.get(method);
}
