import { describe, expect, test } from 'vitest';
import { slerp } from '../../src/runtime/methods/slerp.js';
import { closeTo, f32, run, values } from './tensor-helpers.js';

describe('slerp', () => {
  test('follows the arc between orthogonal tensors', () => {
    const h = Math.SQRT1_2;
    expect(closeTo(run(slerp, [f32([1, 0]), f32([0, 1])]), [h, h])).toBe(true);
    // alpha = 1/3 of a right angle: 30 degrees from a.
    expect(closeTo(run(slerp, [f32([1, 0]), f32([0, 1])], { alpha: 1 / 3 }), [Math.sqrt(3) / 2, 0.5])).toBe(true);
  });

  test('rescales to the interpolated norm', () => {
    // Norms 2 and 4, halfway: direction (1, 1)/sqrt(2), length 3.
    const v = 3 * Math.SQRT1_2;
    expect(closeTo(run(slerp, [f32([2, 0]), f32([0, 4])]), [v, v], 1e-6)).toBe(true);
  });

  test('falls back to weighted_sum for a zero tensor or parallel tensors, never NaN', () => {
    expect(values(run(slerp, [f32([0, 0]), f32([1, 1])]))).toEqual([0.5, 0.5]);
    expect(values(run(slerp, [f32([1, 2]), f32([2, 4])], { alpha: 0.5 }))).toEqual([1.5, 3]);
    expect(values(run(slerp, [f32([0, 0]), f32([0, 0])]))).toEqual([0, 0]);
  });

  test('a 0-d tensor is a vector of one element', () => {
    const out = run(slerp, [f32([2], []), f32([4], [])], { alpha: 0.25 });
    expect(out.shape).toEqual([]);
    expect(values(out)).toEqual([2.5]);
  });
});
