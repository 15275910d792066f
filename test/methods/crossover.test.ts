import { describe, expect, test } from 'vitest';
import { type Tensor, kernelContext } from '../../src/runtime/methods/kernel.js';
import { createFilter, crossover, linspace32 } from '../../src/runtime/methods/crossover.js';
import { seededNormal } from '../linalg/random.js';

const ctx = kernelContext('k', 'fp64');

function randomTensor(shape: number[], seed: number): Tensor {
  const g = seededNormal(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, () => g()) };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('linspace32', () => {
  test('counts up in the first half and back from the end in the second', () => {
    expect(Array.from(linspace32(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(linspace32(3, 1, 3))).toEqual([3, 2, 1]);
    expect(Array.from(linspace32(2, 9, 1))).toEqual([2]);
    // The last value is exactly the end even when the fp32 step does not divide the range.
    const l = linspace32(0, 1, 7);
    expect(l[6]).toBe(1);
    expect(l[1]).toBe(Math.fround(Math.fround(1 / 6)));
  });
});

describe('createFilter', () => {
  test('a vertical cut in 1-D: frequencies past 1 - alpha take b', () => {
    // linspace(0, 1, 4) = [0, 1/3, 2/3, 1] against 1 - 0.5
    expect(Array.from(createFilter([4], 0.5, 0))).toEqual([0, 0, 1, 1]);
    // tilt 2 flips the cut; tilts are periodic with period 4
    expect(Array.from(createFilter([4], 0.5, 2))).toEqual([1, 1, 0, 0]);
    expect(Array.from(createFilter([4], 0.5, 4))).toEqual([0, 0, 1, 1]);
  });

  test('tilt 0.5 is a 45 degree ramp: mesh + 2 alpha - 1, clipped', () => {
    const f = createFilter([5], 0.3, 0.5);
    const mesh = [0, 0.25, 0.5, 0.75, 1];
    mesh.forEach((m, i) => expect(f[i]).toBeCloseTo(Math.min(1, Math.max(0, m + 0.6 - 1)), 6));
  });

  test('2-D: the leading axis folds negative frequencies, the distance is the root mean square', () => {
    // Shape [4, 3]: leading ramp cat(linspace(0, 1, 2), linspace(2, 1, 2)) / 2 = [0, .5, 1, .5]; last ramp [0, .5, 1].
    const lead = [0, 0.5, 1, 0.5];
    const last = [0, 0.5, 1];
    const f = createFilter([4, 3], 0.5, 0.5);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 3; j++) {
        const mesh = Math.sqrt((lead[i]! ** 2 + last[j]! ** 2) / 2);
        expect(f[i * 3 + j]).toBeCloseTo(Math.min(1, Math.max(0, mesh)), 6);
      }
    }
  });

  test('values stay in [0, 1] and alpha outside [0, 1] is an error', () => {
    for (const tilt of [0.1, 0.9, 1.5, 2.5, 3.7, -0.4]) {
      for (const v of createFilter([6, 5, 2], 0.4, tilt)) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    expect(() => createFilter([3], 1.5, 0)).toThrow(RangeError);
  });
});

describe('crossover', () => {
  const a = randomTensor([6, 5, 3], 1);
  const b = randomTensor([6, 5, 3], 2);

  test('alpha 0 and 1 pick a and b; tilt 1 is a weighted sum', () => {
    expect(maxDiff(crossover([a, b], { alpha: 0, tilt: 0.3 }, ctx).data, a.data)).toBe(0);
    expect(maxDiff(crossover([a, b], { alpha: 1, tilt: 0.3 }, ctx).data, b.data)).toBe(0);
    const ws = crossover([a, b], { alpha: 0.3, tilt: 1 }, ctx);
    expect(
      maxDiff(
        ws.data,
        a.data.map((x, i) => 0.7 * x + 0.3 * b.data[i]!),
      ),
    ).toBeLessThan(1e-15);
  });

  test('a hand-computed 1-D case: an impulse keeps its low frequencies', () => {
    // rfft([1, 0, 0, 0]) = [1, 1, 1]; the filter [0, 0, 1] drops bin 2: irfft([1, 1, 0]) = (1 + 2 cos(pi t / 2)) / 4.
    const out = crossover(
      [
        { shape: [4], data: Float64Array.of(1, 0, 0, 0) },
        { shape: [4], data: new Float64Array(4) },
      ],
      { alpha: 0.5, tilt: 0 },
      ctx,
    );
    expect(maxDiff(out.data, [0.75, 0.25, -0.25, 0.25])).toBeLessThan(1e-15);
  });

  test('with a vertical cut the mean (zero frequency) comes from a', () => {
    const out = crossover([a, b], { alpha: 0.6, tilt: 0 }, ctx);
    const mean = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0) / x.length;
    expect(mean(out.data)).toBeCloseTo(mean(a.data), 12);
    expect(maxDiff(out.data, a.data)).toBeGreaterThan(0.1);
  });

  test('swapping a and b takes the complementary share of every frequency: the two outputs sum to a + b', () => {
    const x = crossover([a, b], { alpha: 0.5, tilt: 0.3 }, ctx);
    const y = crossover([b, a], { alpha: 0.5, tilt: 0.3 }, ctx);
    expect(
      maxDiff(
        x.data.map((v, i) => v + y.data[i]!),
        a.data.map((v, i) => v + b.data[i]!),
      ),
    ).toBeLessThan(1e-12);
  });

  test('equal inputs at fp16 precision, and scalars, are a weighted sum with tilt (as the reference does)', () => {
    const out = crossover([a, a], { alpha: 0.5, tilt: 0.25 }, ctx);
    expect(maxDiff(out.data, a.data)).toBeLessThan(1e-15);
    const s = crossover(
      [
        { shape: [], data: Float64Array.of(2) },
        { shape: [], data: Float64Array.of(6) },
      ],
      { alpha: 0.5, tilt: 0.25 },
      ctx,
    );
    expect(s.data[0]).toBeCloseTo(3, 15);
  });
});
