import { describe, expect, test } from 'vitest';
import { fromArray } from '../../src/runtime/linalg/matrix.js';
import { svd } from '../../src/runtime/linalg/svd.js';
import { type Tensor, kernelContext } from '../../src/runtime/methods/kernel.js';
import { truncateRank } from '../../src/runtime/methods/truncate-rank.js';
import { seededNormal } from '../linalg/random.js';

const ctx = kernelContext('k', 'fp64');

function randomTensor(shape: number[], seed: number): Tensor {
  const g = seededNormal(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, () => g()) };
}

function singularValues(t: Tensor): Float64Array {
  const rows = t.shape[0]!;
  return svd(fromArray(rows, t.data.length / rows, t.data)).s;
}

function frobenius2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

describe('truncate_rank', () => {
  const delta = randomTensor([10, 7], 1);

  test('the result has the requested rank and the Eckart-Young error', () => {
    const out = truncateRank([delta], { rank: 3 }, ctx);
    const s = singularValues(delta);
    const kept = singularValues(out);
    for (let i = 0; i < 3; i++) expect(kept[i]).toBeCloseTo(s[i]!, 12);
    for (let i = 3; i < 7; i++) expect(kept[i]).toBeLessThan(1e-12);
    const discarded = s.slice(3).reduce((acc, v) => acc + v * v, 0);
    expect(frobenius2(out.data, delta.data)).toBeCloseTo(discarded, 10);
  });

  test('truncating twice changes nothing the second time', () => {
    const once = truncateRank([delta], { rank: 2 }, ctx);
    const twice = truncateRank([once], { rank: 2 }, ctx);
    expect(frobenius2(once.data, twice.data)).toBeLessThan(1e-24);
  });

  test('full rank, vectors and rank 0', () => {
    expect(Array.from(truncateRank([delta], { rank: 7 }, ctx).data)).toEqual(Array.from(delta.data));
    expect(Array.from(truncateRank([delta], { rank: 100 }, ctx).data)).toEqual(Array.from(delta.data));
    const v = randomTensor([5], 2);
    expect(Array.from(truncateRank([v], { rank: 1 }, ctx).data)).toEqual(Array.from(v.data));
    expect(Array.from(truncateRank([delta], { rank: 0 }, ctx).data).every((x) => x === 0)).toBe(true);
  });

  test('rank_ratio sets the rank to round(ratio * min(rows, cols)), halves to even; rank overrides it', () => {
    // min(10, 7) = 7; 0.5 * 7 = 3.5 rounds to 4, 0.3 * 7 = 2.1 to 2.
    const kept = singularValues(truncateRank([delta], { rank_ratio: 0.5, rank: null }, ctx));
    expect(kept[3]).toBeGreaterThan(1e-6);
    expect(kept[4]).toBeLessThan(1e-12);
    const same = (x: Tensor, y: Tensor) => Array.from(x.data).every((v, i) => v === y.data[i]);
    expect(same(truncateRank([delta], { rank_ratio: 0.3, rank: null }, ctx), truncateRank([delta], { rank: 2 }, ctx))).toBe(true);
    const byRank = truncateRank([delta], { rank_ratio: 0.5, rank: 1 }, ctx);
    expect(singularValues(byRank)[1]).toBeLessThan(1e-12);
    expect(truncateRank([delta], { rank_ratio: 0, rank: null }, ctx).data.every((v) => v === 0)).toBe(true);
    expect(() => truncateRank([delta], { rank_ratio: 1.5, rank: null }, ctx)).toThrow(RangeError);
  });

  test('conv weights flatten to one row per output channel', () => {
    const conv = randomTensor([4, 3, 3, 3], 3);
    const out = truncateRank([conv], { rank: 2 }, ctx);
    expect(out.shape).toEqual([4, 3, 3, 3]);
    const kept = singularValues(out);
    expect(kept[1]).toBeGreaterThan(1e-6);
    expect(kept[2]).toBeLessThan(1e-12);
  });

  test('by default half the largest possible rank is kept', () => {
    const big = randomTensor([12, 10], 4);
    const kept = singularValues(truncateRank([big], {}, ctx));
    expect(kept[4]).toBeGreaterThan(1e-6);
    expect(kept[5]).toBeLessThan(1e-12);
  });
});
