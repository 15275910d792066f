import { describe, expect, test } from 'vitest';
import { kernelContext } from '../../src/runtime/methods/kernel.js';
import { modelStockFactor } from '../../src/runtime/methods/model-stock-factor.js';
import { geometricMedian } from '../../src/runtime/methods/weiszfeld.js';

const fp64 = kernelContext('k', 'fp64');
const fp32 = kernelContext('k', 'fp32');
const options = { eps: 1e-6, maxiter: 100, ftol: 1e-20 };

describe('geometricMedian (Weiszfeld)', () => {
  test('of collinear points is the middle one, not the mean', () => {
    const points = [Float64Array.of(0), Float64Array.of(1), Float64Array.of(10)];
    expect(geometricMedian(points, options, fp64)[0]).toBeCloseTo(1, 5);
  });

  test('maxiter 0 returns the mean; the iteration count is rounded like Python', () => {
    const points = [Float64Array.of(0), Float64Array.of(1), Float64Array.of(10)];
    expect(geometricMedian(points, { ...options, maxiter: 0 }, fp64)[0]).toBeCloseTo(11 / 3, 12);
    expect(geometricMedian(points, { ...options, maxiter: 0.5 }, fp64)[0]).toBeCloseTo(11 / 3, 12);
    expect(geometricMedian(points, { ...options, maxiter: 1 }, fp64)[0]).not.toBeCloseTo(11 / 3, 3);
  });

  test('coincident points stay finite (distances floored at eps)', () => {
    const points = [Float32Array.of(2, 2), Float32Array.of(2, 2)];
    expect(Array.from(geometricMedian(points, options, fp32))).toEqual([2, 2]);
  });

  test('works in the work dtype', () => {
    expect(geometricMedian([Float32Array.of(1), Float32Array.of(3)], options, fp32)).toBeInstanceOf(Float32Array);
  });
});

describe('modelStockFactor', () => {
  test('t = n cos / (1 + (n - 1) cos), one per row of the last dimension', () => {
    // Rows: parallel (cos 1, t 1), orthogonal (cos 0, t 0), opposite (cos -1: 2 * -1 / 0 = -inf).
    const d1 = Float32Array.of(1, 0, 1, 0, 1, 0);
    const d2 = Float32Array.of(3, 0, 0, 2, -1, 0);
    expect(Array.from(modelStockFactor([d1, d2], [3, 2], 1e-6, fp32))).toEqual([1, 0, -Infinity]);
  });

  test('zero rows have cosine 0 thanks to the eps floor', () => {
    expect(Array.from(modelStockFactor([Float32Array.of(0, 0), Float32Array.of(1, 1)], [2], 1e-6, fp32))).toEqual([0]);
  });

  test('needs two deltas', () => {
    expect(() => modelStockFactor([Float32Array.of(1)], [1], 1e-6, fp32)).toThrow(/at least 2/);
  });
});
