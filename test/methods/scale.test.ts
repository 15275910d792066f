import { describe, expect, test } from 'vitest';
import { scale } from '../../src/runtime/methods/scale.js';
import { f32, f64, run, values } from './tensor-helpers.js';

describe('scale', () => {
  test('multiplies every element by alpha', () => {
    expect(values(run(scale, [f32([1, -2, 0.5])], { alpha: 0.5 }))).toEqual([0.5, -1, 0.25]);
    expect(values(run(scale, [f32([1, -2, 0.5])], { alpha: -2 }))).toEqual([-2, 4, -1]);
  });

  test('rounds alpha and the product to fp32, and not in fp64', () => {
    expect(values(run(scale, [f32([3])], { alpha: 0.1 }))).toEqual([Math.fround(Math.fround(0.1) * 3)]);
    expect(values(run(scale, [f64([3])], { alpha: 0.1 }, 'fp64'))).toEqual([0.1 * 3]);
  });

  test('alpha = 0 gives zeros even where the delta is not finite, as the reference returns a constant 0', () => {
    expect(values(run(scale, [f32([Number.NaN, Infinity, 3])], { alpha: 0 }))).toEqual([0, 0, 0]);
  });

  test('alpha within 1e-9 of 1 returns the delta unchanged, in a new array', () => {
    const a = f32([Number.NaN, 1.5, -7]);
    const out = run(scale, [a], { alpha: 1 + 1e-10 });
    expect(values(out)).toEqual([Number.NaN, 1.5, -7]);
    expect(out.data).not.toBe(a.data);
  });

  test('keeps the shape; needs alpha and exactly one input', () => {
    expect(run(scale, [f32([1, 2, 3, 4], [2, 2])], { alpha: 2 }).shape).toEqual([2, 2]);
    expect(() => run(scale, [f32([1])])).toThrow(/alpha/);
    expect(() => run(scale, [f32([1]), f32([2])], { alpha: 1 })).toThrow(RangeError);
  });
});
