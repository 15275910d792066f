/** The methods whose every output element depends only on the same element of each input. */

import type { Kernel } from './kernel.js';
import { addDifference } from './add-difference.js';
import { nAverage } from './n-average.js';
import { subtract } from './subtract.js';
import { weightedSum } from './weighted-sum.js';

export const KERNELS_ELEMENTWISE: ReadonlyMap<string, Kernel> = new Map([
  ['weighted_sum', weightedSum],
  ['add_difference', addDifference],
  ['subtract', subtract],
  ['n_average', nAverage],
]);
