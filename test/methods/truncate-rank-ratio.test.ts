import { describe, expect, test } from 'vitest';
import { kernelContext, type Tensor } from '../../src/runtime/methods/kernel.js';
import { truncateRank } from '../../src/runtime/methods/truncate-rank.js';
import { truncateRankByRatio } from '../../src/runtime/methods/truncate-rank-ratio.js';

const ctx = kernelContext('k', 'fp64');

/** A 10 x 7 delta of full rank 7. */
const delta: Tensor = {
  shape: [10, 7],
  data: Float64Array.from({ length: 70 }, (_, i) => Math.sin(i * 1.7 + 0.3) + ((i * 7) % 11) / 10),
};

const same = (x: Tensor, y: Tensor) => Array.from(x.data).every((v, i) => v === y.data[i]);

describe('truncate_rank with the registry signature', () => {
  test('rank_ratio keeps round(ratio * min(rows, cols)) singular values, halves to even', () => {
    // 0.5 * 7 = 3.5 -> 4; 0.3 * 7 = 2.1 -> 2.
    expect(same(truncateRankByRatio([delta], { rank_ratio: 0.5, rank: null }, ctx), truncateRank([delta], { rank: 4 }, ctx))).toBe(true);
    expect(same(truncateRankByRatio([delta], { rank_ratio: 0.3, rank: null }, ctx), truncateRank([delta], { rank: 2 }, ctx))).toBe(true);
    expect(same(truncateRankByRatio([delta], { rank_ratio: 0.5, rank: null }, ctx), truncateRank([delta], { rank: 3 }, ctx))).toBe(false);
  });

  test('rank, when set, overrides rank_ratio', () => {
    expect(same(truncateRankByRatio([delta], { rank_ratio: 0.5, rank: 1 }, ctx), truncateRank([delta], { rank: 1 }, ctx))).toBe(true);
  });

  test('the ends: ratio 1 keeps the delta, ratio 0 gives zeros', () => {
    expect(Array.from(truncateRankByRatio([delta], { rank_ratio: 1, rank: null }, ctx).data)).toEqual(Array.from(delta.data));
    expect(truncateRankByRatio([delta], { rank_ratio: 0, rank: null }, ctx).data.every((v) => v === 0)).toBe(true);
  });

  test('refuses a ratio outside [0, 1] and a missing one', () => {
    expect(() => truncateRankByRatio([delta], { rank_ratio: 1.5, rank: null }, ctx)).toThrow(RangeError);
    expect(() => truncateRankByRatio([delta], { rank: null }, ctx)).toThrow(/rank_ratio/);
  });
});
