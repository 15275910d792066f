import { describe, expect, test } from 'vitest';
import { copyTensor, fromDoubles, weightedSum } from '../../src/runtime/linalg/blend.js';
import { numberHyper, pythonRound } from '../../src/runtime/methods/hypers.js';
import { closeAsHalf } from '../../src/runtime/linalg/half-close.js';
import { kernelContext } from '../../src/runtime/methods/kernel.js';

describe('tensor helpers', () => {
  test('weightedSum rounds like torch fp32: weights cast to fp32, each product and the sum rounded', () => {
    const ctx = kernelContext('k', 'fp32');
    const a = { shape: [2], data: Float32Array.of(0.1, 3) };
    const b = { shape: [2], data: Float32Array.of(0.7, -1) };
    const out = weightedSum(a, b, 0.3, ctx);
    const f = Math.fround;
    const expected = [0, 1].map((i) => f(f(f(0.7) * a.data[i]!) + f(f(0.3) * b.data[i]!)));
    expect(Array.from(out.data)).toEqual(expected);
    expect(out.data).toBeInstanceOf(Float32Array);
  });

  test('copies and conversions never share storage and round to the work dtype', () => {
    const a = { shape: [3], data: Float64Array.of(1, 2, 3) };
    const c = copyTensor(a, kernelContext('k', 'fp64'));
    expect(c.data).not.toBe(a.data);
    expect(Array.from(c.data)).toEqual([1, 2, 3]);
    expect(fromDoubles([1], [0.1], kernelContext('k', 'fp32')).data[0]).toBe(Math.fround(0.1));
  });

  test('numberHyper: defaults for absent and null, booleans as 0 and 1; strings are errors', () => {
    expect(numberHyper({}, 'alpha', 0.5)).toBe(0.5);
    expect(numberHyper({ alpha: null }, 'alpha', 0.5)).toBe(0.5);
    expect(numberHyper({ alpha: true }, 'alpha', 0.5)).toBe(1);
    expect(() => numberHyper({ alpha: 'x' }, 'alpha', 0.5)).toThrow(TypeError);
    expect(() => numberHyper({}, 'alpha')).toThrow(/missing/);
  });

  test('pythonRound is Python round', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6, 7].map(pythonRound).map((x) => x + 0)).toEqual([
      0, 2, 2, 0, -2, 2, 3, 7,
    ]);
  });
});

describe('closeAsHalf', () => {
  test('equal after rounding to fp16 is close; one fp16 step apart is not', () => {
    expect(closeAsHalf([1, 2, 3], [1, 2, 3])).toBe(true);
    // 1 + 2^-12 rounds to 1 in fp16 (step 2^-10 there); 1 + 2^-10 is the next fp16 value.
    expect(closeAsHalf([1], [1 + 2 ** -12])).toBe(true);
    expect(closeAsHalf([1], [1 + 2 ** -10])).toBe(false);
    expect(closeAsHalf([0], [-0])).toBe(true);
    expect(closeAsHalf([1e-9], [0])).toBe(true);
    expect(closeAsHalf([Number.NaN], [Number.NaN])).toBe(false);
    expect(closeAsHalf([70000], [Infinity])).toBe(true);
    expect(closeAsHalf([1, 2], [1])).toBe(false);
  });
});
