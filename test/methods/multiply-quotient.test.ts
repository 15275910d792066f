import { describe, expect, test } from 'vitest';
import { multiplyQuotient } from '../../src/runtime/methods/multiply-quotient.js';
import { closeTo, f32, run, values } from './tensor-helpers.js';

describe('multiply_quotient', () => {
  test('a * (b / c)^e where |c| lies between |a| and |b|', () => {
    // 0: log(a/c) = -log(b/c): e = 1, 4 * 0.5. 1: e = 1, 1 * 2. 2: a = c: e = 0, a.
    // 3: a = 0: log is -inf, e = 0, a (no NaN). 4: |a| < |c| < |b| with negative b, c: q = 2, 3 * 2.
    // 5: log(a/c) = -log 2, log(b/c) = 2 log 2: e = 2 (log 2)^2 / (2 log 2)^2 = 0.5, 1 * 4^0.5.
    const out = run(multiplyQuotient, [f32([4, 1, 2, 0, 3, 1]), f32([1, 4, 8, 5, -12, 8]), f32([2, 2, 2, 2, -6, 2])]);
    expect(closeTo(out, [2, 2, 2, 0, 6, 2])).toBe(true);
  });

  test('a negative quotient turns by cos(pi e), as a complex power', () => {
    // q = -2, e = 1: |q| cos(pi) = -2.
    expect(closeTo(run(multiplyQuotient, [f32([3]), f32([12]), f32([-6])]), [-6], 1e-5)).toBe(true);
    // e = 0.5 (as above, with c negative): 4^0.5 * cos(pi / 2) = 0.
    expect(closeTo(run(multiplyQuotient, [f32([1]), f32([8]), f32([-2])]), [0], 1e-6)).toBe(true);
  });

  test('zeros and equal magnitudes return a', () => {
    const out = run(multiplyQuotient, [f32([3, 0, 5, -2]), f32([0, 0, 7, 2]), f32([0, 1, 0, -2])]);
    expect(values(out)).toEqual([3, 0, 5, -2]);
  });

  test('alpha scales the exponent', () => {
    // e = 0.5 * 1: 4 * 0.5^0.5
    expect(closeTo(run(multiplyQuotient, [f32([4]), f32([1]), f32([2])], { alpha: 0.5 }), [4 * Math.SQRT1_2], 1e-6)).toBe(true);
  });
});
