import { describe, expect, test } from 'vitest';
import { geometricMedian } from '../../src/runtime/methods/geometric-median.js';
import { type Tensor, kernelContext } from '../../src/runtime/methods/kernel.js';
import { seededNormal } from '../linalg/random.js';

const ctx = kernelContext('k', 'fp64');

function point(...xs: number[]): Tensor {
  return { shape: [xs.length], data: Float64Array.from(xs) };
}

function sumOfDistances(points: Tensor[], m: ArrayLike<number>): number {
  return points.reduce((s, p) => s + Math.hypot(...Array.from(p.data, (v, i) => v - m[i]!)), 0);
}

describe('geometric_median', () => {
  test('one point is its own median; two points stay at their mean', () => {
    expect(Array.from(geometricMedian([point(1, 2, 3)], {}, ctx).data)).toEqual([1, 2, 3]);
    const m = geometricMedian([point(0, 0), point(4, 2)], {}, ctx);
    expect(m.data[0]).toBeCloseTo(2, 12);
    expect(m.data[1]).toBeCloseTo(1, 12);
  });

  test('an equilateral triangle has its median at the centroid', () => {
    const s = Math.sqrt(3) / 2;
    const m = geometricMedian([point(1, 0), point(-0.5, s), point(-0.5, -s)], {}, ctx);
    expect(Math.abs(m.data[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(m.data[1]!)).toBeLessThan(1e-9);
  });

  test('with an obtuse angle of at least 120 degrees the median is that vertex', () => {
    const m = geometricMedian([point(0, 0), point(10, 0.5), point(-10, 0.5)], { maxiter: 1000 }, ctx);
    expect(Math.hypot(m.data[0]!, m.data[1]!)).toBeLessThan(1e-4);
  });

  test('random points: the result beats the mean and every nearby point', () => {
    const g = seededNormal(4);
    const shape = [3, 4];
    const pts: Tensor[] = Array.from({ length: 5 }, () => ({
      shape,
      data: Float64Array.from({ length: 12 }, () => g()),
    }));
    const m = geometricMedian(pts, { maxiter: 500, ftol: 0 }, ctx);
    expect(m.shape).toEqual(shape);
    const best = sumOfDistances(pts, m.data);
    const mean = new Float64Array(12);
    for (const p of pts) for (let i = 0; i < 12; i++) mean[i] += p.data[i]! / 5;
    expect(best).toBeLessThan(sumOfDistances(pts, mean));
    for (let trial = 0; trial < 20; trial++) {
      const near = m.data.map((v) => v + 1e-3 * g());
      expect(best).toBeLessThanOrEqual(sumOfDistances(pts, near) + 1e-12);
    }
  });

  test('maxiter 0 returns the mean', () => {
    const m = geometricMedian([point(0, 0), point(3, 0), point(0, 9)], { maxiter: 0 }, ctx);
    expect(m.data[0]).toBeCloseTo(1, 15);
    expect(m.data[1]).toBeCloseTo(3, 15);
  });

  test('fp32 work dtype gives fp32 output', () => {
    const m = geometricMedian([point(0, 0), point(3, 0), point(0, 9)], {}, kernelContext('k', 'fp32'));
    expect(m.data).toBeInstanceOf(Float32Array);
  });
});
