import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { weightedSum } from '../../src/runtime/methods/weighted-sum.js';
import { f32, f64, run, values } from './tensor-helpers.js';

describe('weighted_sum', () => {
  test('interpolates with alpha, default 0.5', () => {
    expect(values(run(weightedSum, [f32([1, 2, 3, 4]), f32([5, 6, 7, 8])], { alpha: 0.25 }))).toEqual([2, 3, 4, 5]);
    expect(values(run(weightedSum, [f32([1, 2]), f32([5, 6])]))).toEqual([3, 4]);
  });

  test('rounds every step to fp32 like torch, and not in fp64 work', () => {
    // Inputs where per-step fp32 rounding and one rounding of the exact result disagree; the expected value is
    // numpy's float32 evaluation of (1 - 0.3) * a + 0.3 * b.
    const a = 0.0066087414;
    const b = -0.026063144;
    const out = run(weightedSum, [f32([a]), f32([b])], { alpha: 0.3 });
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(out.data[0]).toBe(Math.fround(-0.0031928248));
    expect(out.data[0]).not.toBe(Math.fround(0.7 * Math.fround(a) + 0.3 * Math.fround(b)));
    const wide = run(weightedSum, [f64([a]), f64([b])], { alpha: 0.3 }, 'fp64');
    expect(wide.data).toBeInstanceOf(Float64Array);
    expect(wide.data[0]).toBe(0.7 * a + 0.3 * b);
  });

  test('alpha 0 and 1 return the inputs exactly', () => {
    fc.assert(
      fc.property(fc.float32Array({ minLength: 1, maxLength: 32, noNaN: true, noDefaultInfinity: true }), (xs) => {
        const a = { shape: [xs.length], data: xs };
        const b = { shape: [xs.length], data: xs.map((x) => x / 2 + 1) };
        expect(run(weightedSum, [a, b], { alpha: 0 }).data).toEqual(a.data.map((x) => x + 0));
        expect(run(weightedSum, [a, b], { alpha: 1 }).data).toEqual(b.data.map((x) => x + 0));
      }),
    );
  });

  test('rejects mismatched shapes and a wrong model count', () => {
    expect(() => run(weightedSum, [f32([1, 2]), f32([1, 2, 3])])).toThrow(/shape mismatch/);
    expect(() => run(weightedSum, [f32([1])])).toThrow(/takes 2 models/);
    expect(() => run(weightedSum, [f32([1]), f32([2])], { alpha: 'x' })).toThrow(/alpha/);
  });
});
