/**
 * truncate_rank under its registry signature, sd-mecha 1.0's: `rank_ratio` (the kept share of the largest possible
 * rank) and, when set, `rank` (an absolute rank that overrides it). truncate-rank.ts names the share `ratio`, as
 * sd-mecha 1.1's get_rank_from_ratio does; this passes it the one that applies, so that a recipe's rank_ratio is
 * never left for the kernel's own default rank.
 */

import { numberHyper } from './hypers.js';
import type { Kernel } from './kernel.js';
import { truncateRank } from './truncate-rank.js';

export const truncateRankByRatio: Kernel = (inputs, hypers, ctx) => {
  const rank = hypers['rank'];
  const ratio = numberHyper(hypers, 'rank_ratio');
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError(`hyperparameter 'rank_ratio' must be in [0, 1], got ${ratio}`);
  if (rank === null || rank === undefined) return truncateRank(inputs, { ratio }, ctx);
  return truncateRank(inputs, { rank: numberHyper(hypers, 'rank') }, ctx);
};
