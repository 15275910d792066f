import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { breadcrumbs, fractionCount, magnitudeBand } from '../../src/runtime/methods/breadcrumbs.js';
import { magnitudeRanks } from '../../src/runtime/methods/magnitude-rank.js';
import { taskArithmetic } from '../../src/runtime/methods/task-arithmetic.js';
import { kernelContext, type Hypers, type Tensor } from '../../src/runtime/methods/kernel.js';

const KEY = 'model.diffusion_model.input_blocks.4.1.proj_in.weight';

function tensor(data: number[] | Float32Array): Tensor {
  return { shape: [data.length], data: data instanceof Float32Array ? data : Float32Array.from(data) };
}

function run(inputs: Tensor[], hypers: Hypers): Tensor {
  return breadcrumbs(inputs, hypers, kernelContext(KEY));
}

const ratio = fc.double({ min: 0, max: 1, noNaN: true });
const nonzero = fc.float({ min: -100, max: 100, noNaN: true }).filter((x) => x !== 0);

describe('breadcrumbs: the band', () => {
  test('keeps exactly n - floor(beta n) - floor(gamma n) elements, and they are the middle magnitudes', () => {
    fc.assert(
      fc.property(fc.array(nonzero, { minLength: 1, maxLength: 300 }), ratio, ratio, (values, beta, gamma) => {
        const n = values.length;
        const out = run([tensor(values)], { beta, gamma });
        const top = fractionCount(beta, n);
        const bottom = Math.min(fractionCount(gamma, n), n - top);
        const keptMags: number[] = [];
        const droppedMags: number[] = [];
        for (let i = 0; i < n; i++) {
          const x = Math.fround(values[i]!);
          if (out.data[i] !== 0) {
            expect(out.data[i]).toBe(x); // survivors are untouched
            keptMags.push(Math.abs(x));
          } else droppedMags.push(Math.abs(x));
        }
        expect(keptMags.length).toBe(n - top - bottom);
        if (keptMags.length === 0) return;
        // Every dropped magnitude lies outside the kept range (or on its edge, for ties).
        const lo = Math.min(...keptMags);
        const hi = Math.max(...keptMags);
        const below = droppedMags.filter((m) => m <= lo && !(m === lo && m === hi)).length;
        const above = droppedMags.filter((m) => m >= hi).length;
        expect(droppedMags.every((m) => m <= lo || m >= hi)).toBe(true);
        expect(below + above).toBeGreaterThanOrEqual(droppedMags.length);
      }),
      { numRuns: 300 },
    );
  });

  test('drops the smallest gamma share and the largest beta share of a ramp', () => {
    const n = 1000;
    const values = Array.from({ length: n }, (_, i) => ((i * 379) % n) + 1); // a permutation of 1..n
    const out = run([tensor(values)], { beta: 0.05, gamma: 0.7 });
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      expect(out.data[i]).toBe(v > 700 && v <= 950 ? v : 0);
    }
  });

  test('ties are broken by position, so equal magnitudes still give exact counts', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const out = run([tensor(values)], { beta: 0.1, gamma: 0.3 });
    // All magnitudes tie: ranks follow positions; the first 30 are "smallest", the last 10 "largest".
    for (let i = 0; i < 100; i++) expect(out.data[i]).toBe(i >= 30 && i < 90 ? values[i] : 0);
  });

  test('counts that cover n drop everything; beta = gamma = 0 is task arithmetic, byte for byte', () => {
    const a = tensor(Array.from({ length: 64 }, (_, i) => Math.sin(i) * 3));
    const b = tensor(Array.from({ length: 64 }, (_, i) => Math.cos(i * 1.7)));
    expect(run([a, b], { beta: 0.5, gamma: 0.5 }).data.every((x) => x === 0)).toBe(true);
    expect(run([a, b], { beta: 0.7, gamma: 0.6 }).data.every((x) => x === 0)).toBe(true);
    // Each count is floored on its own: 25 + 38 of 64 dropped leaves one survivor per model.
    expect(run([a], { beta: 0.4, gamma: 0.6 }).data.filter((x) => x !== 0).length).toBe(1);
    const plain = taskArithmetic([a, b], { lambda: 0.8 }, kernelContext(KEY));
    expect(Buffer.from(run([a, b], { lambda: 0.8, beta: 0, gamma: 0 }).data.buffer).equals(Buffer.from(plain.data.buffer))).toBe(true);
  });

  test('several models: task arithmetic over each model masked on its own magnitudes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(nonzero, { minLength: 20, maxLength: 20 }), { minLength: 1, maxLength: 3 }),
        ratio,
        ratio,
        (models, beta, gamma) => {
          const inputs = models.map((m) => tensor(m));
          const hypers = { beta, gamma, lambda: 1.5 };
          const masked = inputs.map((t) => {
            const alone = run([t], { beta, gamma });
            return tensor(Array.from(t.data, (x, i) => (alone.data[i] === 0 ? 0 : x)));
          });
          const expected = taskArithmetic(masked, { lambda: 1.5 }, kernelContext(KEY));
          expect([...run(inputs, hypers).data]).toEqual([...expected.data]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('magnitudeBand', () => {
  // Few distinct values, so that ties at the boundaries are the rule; NaN and infinities included.
  const value = fc.constantFrom(0, -0, 1, -1, 2, -2, 2.5, -3, Infinity, -Infinity, NaN);

  test('selects the same elements as the ordinal ranks, in fp32 and fp64', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), fc.nat(), fc.nat(), (values, x, y) => {
        const n = values.length;
        const [bottom, end] = [x % (n + 1), y % (n + 1)].sort((a, b) => a - b) as [number, number];
        for (const data of [Float32Array.from(values), Float64Array.from(values)]) {
          const ranks = magnitudeRanks(data);
          const mask = magnitudeBand(data, bottom, end);
          expect([...mask]).toEqual(Array.from(ranks, (r) => (r >= bottom && r < end ? 1 : 0)));
        }
      }),
      { numRuns: 500 },
    );
  });

  test('agrees with the ranks on a large tensor of distinct values', () => {
    const data = new Float32Array(100_000);
    for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 1.3) * 0.02;
    const ranks = magnitudeRanks(data);
    const mask = magnitudeBand(data, 12_345, 98_000);
    let wrong = 0;
    for (let i = 0; i < data.length; i++) if (mask[i] !== (ranks[i]! >= 12_345 && ranks[i]! < 98_000 ? 1 : 0)) wrong++;
    expect(wrong).toBe(0);
  });
});

describe('breadcrumbs: counts and checks', () => {
  test('fractionCount is floor(ratio * n), forgiving the product\'s last-bit error', () => {
    expect(fractionCount(0.29, 100)).toBe(29);
    expect(fractionCount(0.57, 100)).toBe(57);
    expect(fractionCount(0.015, 100)).toBe(1);
    expect(fractionCount(0.999, 100)).toBe(99);
    expect(fractionCount(1, 7)).toBe(7);
    expect(fractionCount(0, 7)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (k, n) => {
        fc.pre(k <= n);
        expect(fractionCount(k / n, n)).toBe(k);
      }),
    );
  });

  test('refuses fractions outside [0, 1] and mismatched shapes', () => {
    expect(() => run([tensor([1, 2])], { beta: 1.2 })).toThrow(RangeError);
    expect(() => run([tensor([1, 2])], { gamma: -0.5 })).toThrow(RangeError);
    expect(() => run([tensor([1, 2]), tensor([1])], {})).toThrow(/shape/);
  });
});
