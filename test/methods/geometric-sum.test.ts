import { describe, expect, test } from 'vitest';
import { geometricSum } from '../../src/runtime/methods/geometric-sum.js';
import { closeTo, f32, run, values } from './tensor-helpers.js';

describe('geometric_sum', () => {
  test('alpha 0.5 is the complex square-root product: exact, and 0 when the signs differ', () => {
    // sqrt(-4) * sqrt(-9) = (2i)(3i) = -6; sqrt(-4) * sqrt(9) = 6i, real part 0.
    expect(values(run(geometricSum, [f32([4, -4, -4, 0, 4]), f32([9, 9, -9, 5, 0])])))
      .toEqual([6, 0, -6, 0, 0]);
  });

  test('other exponents go through the complex power', () => {
    // 16^0.75 * 81^0.25 = 8 * 3; a negative base is rotated by 0.75 * pi.
    const out = run(geometricSum, [f32([16, -16]), f32([81, 81])], { alpha: 0.25 });
    expect(closeTo(out, [24, 24 * Math.cos(0.75 * Math.PI)], 1e-5)).toBe(true);
  });

  test('alpha 0 and 1 return a and b exactly (x^0 = 1, zeros included)', () => {
    expect(values(run(geometricSum, [f32([0, -2, 3]), f32([5, 0, -7])], { alpha: 0 }))).toEqual([0, -2, 3]);
    expect(values(run(geometricSum, [f32([0, -2, 3]), f32([5, 0, -7])], { alpha: 1 }))).toEqual([5, 0, -7]);
  });
});
