import { describe, expect, test } from 'vitest';
import { crossover } from '../../src/runtime/methods/crossover.js';
import { distributionCrossover } from '../../src/runtime/methods/distribution-crossover.js';
import { type Tensor, kernelContext } from '../../src/runtime/methods/kernel.js';
import { seededNormal, seededRandom } from '../linalg/random.js';

const ctx = kernelContext('k', 'fp64');

function randomTensor(shape: number[], seed: number): Tensor {
  const g = seededNormal(seed);
  const n = shape.reduce((x, y) => x * y, 1);
  return { shape, data: Float64Array.from({ length: n }, () => g()) };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('distribution_crossover', () => {
  const a = randomTensor([4, 7], 1);
  const b = randomTensor([4, 7], 2);
  const c = randomTensor([4, 7], 3);

  test('alpha 0 and 1 pick a and b; tilt 1 is a weighted sum with alpha', () => {
    expect(maxDiff(distributionCrossover([a, b, c], { alpha: 0, tilt: 0.5 }, ctx).data, a.data)).toBe(0);
    expect(maxDiff(distributionCrossover([a, b, c], { alpha: 1, tilt: 0.5 }, ctx).data, b.data)).toBe(0);
    const ws = distributionCrossover([a, b, c], { alpha: 0.25, tilt: 1 }, ctx);
    expect(
      maxDiff(
        ws.data,
        a.data.map((x, i) => 0.75 * x + 0.25 * b.data[i]!),
      ),
    ).toBeLessThan(1e-15);
  });

  test('when c is already sorted it is a 1-D crossover of the flattened tensors', () => {
    const sorted: Tensor = { shape: [28], data: Float64Array.from({ length: 28 }, (_, i) => i) };
    const flatA: Tensor = { shape: [28], data: a.data };
    const flatB: Tensor = { shape: [28], data: b.data };
    const dc = distributionCrossover([a, b, { shape: [4, 7], data: sorted.data }], { alpha: 0.4, tilt: 0.3 }, ctx);
    const cx = crossover([flatA, flatB], { alpha: 0.4, tilt: 0.3 }, ctx);
    expect(dc.shape).toEqual([4, 7]);
    expect(maxDiff(dc.data, cx.data)).toBeLessThan(1e-14);
  });

  test('permuting the elements of a, b and c together permutes the output', () => {
    const rand = seededRandom(5);
    const perm = Array.from({ length: 28 }, (_, i) => i).sort(() => rand() - 0.5);
    const p = (t: Tensor): Tensor => ({ shape: t.shape, data: Float64Array.from(perm, (i) => t.data[i]!) });
    const base = distributionCrossover([a, b, c], { alpha: 0.5, tilt: 0.5 }, ctx);
    const permuted = distributionCrossover([p(a), p(b), p(c)], { alpha: 0.5, tilt: 0.5 }, ctx);
    expect(maxDiff(permuted.data, p(base).data)).toBeLessThan(1e-14);
  });

  test('a vertical cut takes the zero frequency, hence the mean, from a', () => {
    const out = distributionCrossover([a, b, c], { alpha: 0.5, tilt: 0 }, ctx);
    expect(Math.abs(mean(a.data) - mean(b.data))).toBeGreaterThan(0.05);
    expect(mean(out.data)).toBeCloseTo(mean(a.data), 12);
  });

  test('missing alpha or tilt is an error', () => {
    expect(() => distributionCrossover([a, b, c], { alpha: 0.5 }, ctx)).toThrow(RangeError);
  });
});

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}
