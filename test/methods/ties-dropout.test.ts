import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { tiesSumWithDropout } from '../../src/runtime/methods/ties-dropout.js';
import { tiesSumExtended } from '../../src/runtime/methods/ties-sum.js';
import { dellaKeepProbability } from '../../src/runtime/methods/della.js';
import { kernelContext, type Hypers, type Tensor } from '../../src/runtime/methods/kernel.js';

const KEY = 'model.diffusion_model.input_blocks.7.1.transformer_blocks.0.ff.net.2.weight';

function tensor(data: number[] | Float32Array, shape?: number[]): Tensor {
  const d = data instanceof Float32Array ? data : Float32Array.from(data);
  return { shape: shape ?? [d.length], data: d };
}

/** A permutation of magnitudes 1..n (scaled) with alternating signs; rank[i] is element i's magnitude rank. */
function ramp(n: number, seed: number): { delta: Tensor; rank: Uint32Array } {
  const rank = Uint32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [rank[i], rank[j]] = [rank[j]!, rank[i]!];
  }
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.fround((rank[i]! + 1) / n) * (i % 3 === 0 ? -1 : 1);
  return { delta: tensor(d), rank };
}

function run(inputs: Tensor[], hypers: Hypers, key = KEY): Tensor {
  return tiesSumWithDropout(inputs, hypers, kernelContext(key));
}

function bytes(t: Tensor): Buffer {
  return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** k = 1 keeps every element through TIES's trim, and one model elects its own signs: TIES is then the identity. */
const IDENTITY_TIES = { k: 1 };

describe('ties_sum_with_dropout: the dropout', () => {
  const n = 1 << 17;
  const { delta, rank } = ramp(n, 5);

  test('drops at the requested rate and divides survivors by 1 - p', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.nat({ max: 1000 }), (p, seed) => {
        const out = run([delta], { ...IDENTITY_TIES, probability: p, seed });
        const divisor = Math.fround(1 - p);
        let dropped = 0;
        let wrong = 0;
        for (let i = 0; i < n; i++) {
          const x = out.data[i]!;
          if (x === 0) dropped++;
          else if (x !== Math.fround(delta.data[i]! / divisor)) wrong++;
        }
        expect(wrong).toBe(0);
        expect(Math.abs(dropped / n - p)).toBeLessThanOrEqual(6 * Math.sqrt((p * (1 - p)) / n));
      }),
      { numRuns: 8 },
    );
  });

  test('no_rescale and rescale = 0 leave survivors alone; rescale = 2 divides by (1 - p)^2', () => {
    const p = 0.4;
    const plain = run([delta], { ...IDENTITY_TIES, probability: p, seed: 3, no_rescale: true });
    const zero = run([delta], { ...IDENTITY_TIES, probability: p, seed: 3, rescale: 0 });
    const off = run([delta], { ...IDENTITY_TIES, probability: p, seed: 3, rescale: false });
    const squared = run([delta], { ...IDENTITY_TIES, probability: p, seed: 3, rescale: 2 });
    expect(bytes(zero).equals(bytes(plain))).toBe(true);
    expect(bytes(off).equals(bytes(plain))).toBe(true);
    let wrong = 0;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if (plain.data[i] === 0) continue;
      kept++;
      if (plain.data[i] !== delta.data[i]) wrong++;
      if (squared.data[i] !== Math.fround(delta.data[i]! / Math.fround(0.6 ** 2))) wrong++;
    }
    expect(wrong).toBe(0);
    expect(kept).toBeGreaterThan(0.55 * n);
  });

  test("rescaling keeps each element's expected value (averaged over seeds)", () => {
    const small = ramp(16, 9).delta;
    const seeds = 3000;
    const mean = new Float64Array(16);
    for (let seed = 0; seed < seeds; seed++) {
      const out = run([small], { ...IDENTITY_TIES, probability: 0.5, seed });
      for (let i = 0; i < 16; i++) mean[i]! += out.data[i]! / seeds;
    }
    for (let i = 0; i < 16; i++) {
      const d = small.data[i]!;
      expect(Math.abs(mean[i]! - d)).toBeLessThanOrEqual(6 * Math.abs(d) * Math.sqrt(1 / seeds));
    }
  });

  test('della_eps drops small magnitudes more often, and still divides uniformly by 1 - p', () => {
    const p = 0.5;
    const eps = 0.6;
    const out = run([delta], { ...IDENTITY_TIES, probability: p, della_eps: eps, seed: 12 });
    let lowKept = 0;
    let highKept = 0;
    let lowExpected = 0;
    let highExpected = 0;
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const q = dellaKeepProbability(rank[i]!, n, p, eps);
      const low = rank[i]! < n / 2;
      if (low) lowExpected += q;
      else highExpected += q;
      if (out.data[i] === 0) continue;
      if (low) lowKept++;
      else highKept++;
      if (out.data[i] !== Math.fround(delta.data[i]! / 0.5)) wrong++;
    }
    expect(wrong).toBe(0);
    const sd = Math.sqrt(n / 2 / 4);
    expect(Math.abs(lowKept - lowExpected)).toBeLessThan(6 * sd);
    expect(Math.abs(highKept - highExpected)).toBeLessThan(6 * sd);
    expect(highKept).toBeGreaterThan(lowKept * 1.5); // mean survival 0.65 against 0.35
  });

  test('probability 1 gives zeros; probability 0 is ties_sum_extended itself', () => {
    const a = ramp(600, 1).delta;
    const b = ramp(600, 2).delta;
    const c = ramp(600, 3).delta;
    expect(run([a, b], { probability: 1 }).data.every((x) => x === 0)).toBe(true);
    for (const ties of [{}, { k: 0.5, vote_sgn: 1 }, { k: 0.3, apply_stock: true }, { apply_median: 1, maxiter: 5 }]) {
      const expected = tiesSumExtended([a, b, c], ties, kernelContext(KEY));
      expect(bytes(run([a, b, c], { ...ties, probability: 0 })).equals(bytes(expected))).toBe(true);
    }
  });

  test('TIES runs on the dropped deltas: with k = 1 and all models the same it is their common dropout mean', () => {
    // Three identical deltas: every survivor agrees in sign, so TIES returns the mean of the survivors: the delta.
    const d = ramp(4096, 8).delta;
    const out = run([d, d, d], { k: 1, probability: 0.5, seed: 2, no_rescale: true });
    let wrong = 0;
    let zeros = 0;
    for (let i = 0; i < 4096; i++) {
      if (out.data[i] === 0) zeros++;
      else if (out.data[i] !== d.data[i]) wrong++;
    }
    expect(wrong).toBe(0);
    // Zero only where all three dropped it: probability 1/8.
    expect(Math.abs(zeros / 4096 - 0.125)).toBeLessThan(6 * Math.sqrt((0.125 * 0.875) / 4096));
  });
});

describe('ties_sum_with_dropout: determinism and checks', () => {
  const a = ramp(8000, 11).delta;
  const b = ramp(8000, 12).delta;

  test('the same seed gives the same bytes; another seed or key other bytes', () => {
    const hypers = { probability: 0.5, k: 0.4, seed: 77 };
    const first = bytes(run([a, b], hypers));
    expect(bytes(run([a, b], hypers)).equals(first)).toBe(true);
    expect(bytes(run([a, b], { ...hypers, seed: 78 })).equals(first)).toBe(false);
    expect(bytes(run([a, b], hypers, KEY + '2')).equals(first)).toBe(false);
  });

  test('keys computed in a shuffled order get the same bytes', () => {
    const keys = Array.from({ length: 10 }, (_, i) => `${KEY}.${i}`);
    const reference = new Map(keys.map((k) => [k, bytes(run([a, b], { seed: 4 }, k))]));
    fc.assert(
      fc.property(fc.shuffledSubarray(keys, { minLength: keys.length }), (shuffled) => {
        for (const k of shuffled) expect(bytes(run([a, b], { seed: 4 }, k)).equals(reference.get(k)!)).toBe(true);
      }),
      { numRuns: 3 },
    );
  });

  test('refuses a bad probability or della_eps and mismatched shapes; keeps the shape', () => {
    expect(() => run([a], { probability: 1.01 })).toThrow(RangeError);
    expect(() => run([a], { della_eps: -1 })).toThrow(RangeError);
    expect(() => run([a, tensor([1, 2, 3])], {})).toThrow(/shape/);
    const shaped = run([tensor(new Float32Array(12).fill(0.5), [3, 4])], { probability: 0.5 });
    expect(shaped.shape).toEqual([3, 4]);
  });
});
