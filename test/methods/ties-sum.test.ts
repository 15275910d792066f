import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { tiesSum, tiesSumExtended } from '../../src/runtime/methods/ties-sum.js';
import { closeTo, f32, f64, run, values } from './tensor-helpers.js';

const d1 = f32([1, -2, 3, -4]);
const d2 = f32([-1, -1, 2, 5]);

describe('ties_sum', () => {
  test('k = 1 keeps everything: elect the sign of the sum, average the agreeing values', () => {
    // Sums (0, -3, 5, 1). Element 0 elects sign 0 and no value has it: 0/0, cleaned to 0.
    expect(values(run(tiesSum, [d1, d2], { k: 1 }))).toEqual([0, -1.5, 2.5, 5]);
  });

  test('vote_sgn elects by counting signs (TIES-SOUP)', () => {
    // Sign sums (0, -2, 2, 0): element 3 ties, so nothing is elected there.
    expect(values(run(tiesSum, [d1, d2], { k: 1, vote_sgn: 1.0 }))).toEqual([0, -1.5, 2.5, 0]);
    expect(values(run(tiesSum, [d1, d2], { k: 1, vote_sgn: true }))).toEqual([0, -1.5, 2.5, 0]);
  });

  test('k = 0.5 trims each delta below its 2nd smallest magnitude', () => {
    // d1 keeps |x| >= 2 -> (0, -2, 3, -4); d2's threshold is 1, so it keeps everything.
    expect(values(run(tiesSum, [d1, d2], { k: 0.5 }))).toEqual([-1, -1.5, 2.5, 5]);
  });

  test('k = 0 still keeps each delta\'s largest magnitude (the rank is at least 1), ties included', () => {
    expect(values(run(tiesSum, [d1, d2], { k: 0 }))).toEqual([0, 0, 0, 5]);
    expect(values(run(tiesSum, [f32([3, -3, 1])], { k: 0 }))).toEqual([3, -3, 0]);
  });

  test('the default k is 0.2: 80% of the elements are trimmed', () => {
    const ramp = f32(Array.from({ length: 10 }, (_, i) => i + 1));
    // rank int(0.8 * 10) = 8: magnitude 8 and above survive.
    expect(values(run(tiesSum, [ramp]))).toEqual([0, 0, 0, 0, 0, 0, 0, 8, 9, 10]);
  });

  test('zeros are elected where the sum is 0, and counted', () => {
    expect(values(run(tiesSum, [f32([0, 2]), f32([0, -2]), f32([0, 0])], { k: 1 }))).toEqual([0, 0]);
  });

  test('an empty tensor merges to an empty tensor', () => {
    expect(run(tiesSum, [f32([]), f32([])]).data.length).toBe(0);
  });

  test('identical deltas merge to themselves, without NaN', () => {
    // Two or four copies: their fp32 sum and the division by the count are exact.
    const finite = { min: Math.fround(-1e30), max: Math.fround(1e30), noNaN: true, minLength: 1, maxLength: 40 } as const;
    fc.assert(
      fc.property(fc.float32Array(finite), fc.constantFrom(2, 4), (xs, copies) => {
        const t = { shape: [xs.length], data: xs };
        const out = run(tiesSum, Array.from({ length: copies }, () => t), { k: 1 });
        expect(Array.from(out.data, (x) => x + 0)).toEqual(Array.from(xs, (x) => x + 0));
      }),
    );
  });
});

describe('ties_sum_extended', () => {
  test('without the switches it is ties_sum', () => {
    expect(values(run(tiesSumExtended, [d1, d2], { k: 0.5 }))).toEqual(values(run(tiesSum, [d1, d2], { k: 0.5 })));
  });

  test('apply_stock scales each row by model stock t of the elected deltas', () => {
    // Row 0: elected (2, 0) and (5, 0), cosine 1, t = 1. Row 1: elected (1, 0) and (0, 3), cosine 0, t = 0.
    const out = run(tiesSumExtended, [f32([2, 0, 1, 0], [2, 2]), f32([5, 0, 0, 3], [2, 2])], { k: 1, apply_stock: 1 });
    expect(values(out)).toEqual([3.5, 0, 0, 0]);
  });

  test('apply_stock with three models averages consecutive cosines', () => {
    // Elected (4, 0), (2, 0), (0, 2): cosines 1 and 0, mean 0.5, t = 3 * 0.5 / (1 + 2 * 0.5) = 0.75.
    const out = run(tiesSumExtended, [f32([4, 0]), f32([2, 0]), f32([0, 2])], { k: 1, apply_stock: 1 });
    expect(values(out)).toEqual([(6 * 0.75) / 2, 2 * 0.75]);
  });

  test('apply_median takes the geometric median of the elected deltas', () => {
    // Three positive points: the median is the Fermat point of the triangle (1,1), (2,1), (1,2).
    const t = 1 + (3 - Math.sqrt(3)) / 6;
    const points = [f64([1, 1]), f64([2, 1]), f64([1, 2])];
    expect(closeTo(run(tiesSumExtended, points, { k: 1, apply_median: 1 }, 'fp64'), [t, t], 1e-7)).toBe(true);
    // In fp32 the reference stops once the mean distance no longer changes in fp32, which happens while the
    // median is still ~2e-4 away (the objective is flat near its minimum).
    const out = run(tiesSumExtended, [f32([1, 1]), f32([2, 1]), f32([1, 2])], { k: 1, apply_median: 1 });
    expect(closeTo(out, [t, t], 1e-3)).toBe(true);
    // Two points: Weiszfeld stays at their midpoint.
    expect(values(run(tiesSumExtended, [f32([1, 3]), f32([3, 5])], { k: 1, apply_median: 1 }))).toEqual([2, 4]);
  });

  test('apply_median wins over apply_stock, as in the reference', () => {
    const inputs = [f32([1, 3]), f32([3, 5])];
    expect(values(run(tiesSumExtended, inputs, { k: 1, apply_median: 1, apply_stock: 1 }))).toEqual([2, 4]);
  });
});
