import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { stableArgsort } from '../../src/runtime/kernels/argsort.js';
import { kthSmallest, kthSmallestAbs } from '../../src/runtime/kernels/select.js';

/** torch's order for kthvalue and sort: numbers ascending (-0 equal to +0), NaN last. */
function torchOrder(x: number, y: number): number {
  if (x !== x) return y !== y ? 0 : 1;
  if (y !== y) return -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

const anyFloat32 = fc.float32Array({ minLength: 1, maxLength: 300 });
const anyFloat64 = fc.float64Array({ minLength: 1, maxLength: 300 });

describe('kthSmallest / kthSmallestAbs (radix select)', () => {
  test('hand-checked', () => {
    const x = Float32Array.of(3, -1, 2, -4, 2);
    expect([1, 2, 3, 4, 5].map((k) => kthSmallest(x, k))).toEqual([-4, -1, 2, 2, 3]);
    expect([1, 2, 3, 4, 5].map((k) => kthSmallestAbs(x, k))).toEqual([1, 2, 2, 3, 4]);
    expect(kthSmallest(Float32Array.of(NaN, 1, -Infinity), 3)).toBeNaN();
    expect(kthSmallest(Float32Array.of(NaN, 1, -Infinity), 1)).toBe(-Infinity);
  });

  test('rejects k outside 1..n', () => {
    expect(() => kthSmallest(Float32Array.of(1, 2), 0)).toThrow(RangeError);
    expect(() => kthSmallestAbs(Float32Array.of(1, 2), 3)).toThrow(RangeError);
  });

  test('agrees with sorting, fp32 and fp64, NaN and signed zeros included', () => {
    for (const arbitrary of [anyFloat32, anyFloat64]) {
      fc.assert(
        fc.property(arbitrary, fc.nat(), (xs, pick) => {
          const k = (pick % xs.length) + 1;
          const sorted = Array.from(xs).sort(torchOrder);
          const sortedAbs = Array.from(xs, Math.abs).sort(torchOrder);
          expect(Object.is(kthSmallest(xs, k) + 0, sorted[k - 1] + 0)).toBe(true);
          expect(Object.is(kthSmallestAbs(xs, k), sortedAbs[k - 1])).toBe(true);
        }),
      );
    }
  });

  test('many equal magnitudes in one bucket', () => {
    const x = new Float32Array(5000).fill(0.5);
    x[17] = -0.25;
    x[4000] = 0.75;
    expect(kthSmallestAbs(x, 1)).toBe(0.25);
    expect(kthSmallestAbs(x, 2)).toBe(0.5);
    expect(kthSmallestAbs(x, 5000)).toBe(0.75);
  });
});

describe('stableArgsort', () => {
  test('hand-checked: ties keep index order, -0 ties with +0, NaN last', () => {
    expect(Array.from(stableArgsort(Float32Array.of(2, NaN, -0, 1, 0, 2)))).toEqual([2, 4, 3, 0, 5, 1]);
  });

  test('agrees with a stable comparison sort, small and large (radix) inputs', () => {
    const small = fc.float32Array({ minLength: 1, maxLength: 200 });
    // Few distinct values force ties through the radix passes.
    const large = fc
      .array(fc.constantFrom(-2, -0, 0, 0.5, 3, NaN, -Infinity), { minLength: 4096, maxLength: 5000 })
      .map((v) => Float32Array.from(v));
    const large64 = fc
      .array(fc.constantFrom(-2, -0, 0, 1e-300, 0.1, 3, NaN, Infinity), { minLength: 4096, maxLength: 5000 })
      .map((v) => Float64Array.from(v));
    for (const arbitrary of [small, large, anyFloat64, large64]) {
      fc.assert(
        fc.property(arbitrary, (xs) => {
          const expected = Array.from(xs.keys()).sort((i, j) => torchOrder(xs[i], xs[j]) || i - j);
          expect(Array.from(stableArgsort(xs))).toEqual(expected);
        }),
        { numRuns: 30 },
      );
    }
  });
});
