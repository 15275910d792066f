import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { dropout, overlappingSetsPmf } from '../../src/runtime/methods/dropout.js';
import { kernelContext, type Hypers, type Tensor } from '../../src/runtime/methods/kernel.js';

const KEY = 'model.diffusion_model.middle_block.1.proj_out.weight';

function tensor(data: number[] | Float32Array, shape: number[] = [data.length]): Tensor {
  return { shape, data: data instanceof Float32Array ? data : Float32Array.from(data) };
}

function filled(n: number, value: number): Tensor {
  return tensor(new Float32Array(n).fill(value));
}

/** Distinct, nonzero, varied values: any zero in the output is a drop. */
function ramp(n: number, offset = 0): Tensor {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.fround(((i * 7919 + offset) % 1000) / 1000 + 0.5) * (i % 3 === 0 ? -1 : 1);
  return tensor(d);
}

function run(inputs: Tensor[], hypers: Hypers, key = KEY, dtype: 'fp32' | 'fp64' = 'fp32'): Tensor {
  return dropout(inputs, hypers, kernelContext(key, dtype));
}

/** The tensor's bytes, compared with Buffer.equals (deep equality on large typed arrays is slow). */
function bytes(t: Tensor): Buffer {
  return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** |observed - expected| within six standard deviations of a binomial proportion. */
function expectRate(hits: number, trials: number, p: number): void {
  const sd = Math.sqrt((p * (1 - p)) / trials);
  expect(Math.abs(hits / trials - p)).toBeLessThanOrEqual(6 * sd + 1e-12);
}

/** Which outcome each element got, for two models holding 1 and 2 everywhere and no rescale. */
function outcomes(out: Tensor): { none: number; first: number; second: number; both: number } {
  const c = { none: 0, first: 0, second: 0, both: 0 };
  for (const x of out.data) {
    if (x === 0) c.none++;
    else if (x === 1) c.first++;
    else if (x === 2) c.second++;
    else if (x === 1.5) c.both++;
    else throw new Error(`unexpected value ${x}`);
  }
  return c;
}

const N = 1 << 18;

describe('dropout: drop rate and rescaling', () => {
  test('drops each element with the requested probability', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.nat({ max: 10_000 }), (p, seed) => {
        const out = run([ramp(N)], { probability: p, seed });
        let dropped = 0;
        for (const x of out.data) if (x === 0) dropped++;
        expectRate(dropped, N, p);
      }),
      { numRuns: 12 },
    );
  });

  test('rescaling by 1 / (1 - p) keeps the mean of a tensor', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.nat({ max: 10_000 }), (p, seed) => {
        const out = run([filled(N, 0.25)], { probability: p, seed });
        let sum = 0;
        for (const x of out.data) sum += x;
        // Each output is 0.25 / (1 - p) with probability 1 - p: mean 0.25, sd 0.25 * sqrt(p / (1 - p) / N).
        expect(Math.abs(sum / N - 0.25)).toBeLessThanOrEqual(6 * 0.25 * Math.sqrt(p / (1 - p) / N) + 1e-6);
      }),
      { numRuns: 12 },
    );
  });

  test("rescaling keeps each element's expected value (averaged over seeds)", () => {
    const n = 32;
    const delta = ramp(n);
    const p = 0.6;
    const seeds = 4000;
    const mean = new Float64Array(n);
    for (let seed = 0; seed < seeds; seed++) {
      const out = run([delta], { probability: p, seed });
      for (let i = 0; i < n; i++) mean[i]! += out.data[i]! / seeds;
    }
    for (let i = 0; i < n; i++) {
      const d = delta.data[i]!;
      // The estimate of one element: sd |d| * sqrt(p / (1 - p) / seeds).
      expect(Math.abs(mean[i]! - d)).toBeLessThanOrEqual(6 * Math.abs(d) * Math.sqrt(p / (1 - p) / seeds));
    }
  });

  test('survivors are divided by exactly fp32((1 - p) ^ rescale); rescale = 0 leaves them alone', () => {
    const delta = ramp(4096);
    const p = 0.3;
    for (const rescale of [0, 1, 2, 0.5]) {
      const out = run([delta], { probability: p, rescale, seed: 3 });
      const divisor = Math.fround((1 - p) ** rescale);
      let kept = 0;
      for (let i = 0; i < 4096; i++) {
        const x = out.data[i]!;
        if (x === 0) continue;
        kept++;
        expect(x).toBe(rescale === 0 ? delta.data[i] : Math.fround(delta.data[i]! / divisor));
      }
      expect(kept).toBeGreaterThan(2000);
    }
  });

  test('rescale as a switch reads true as 1 and false as 0', () => {
    const delta = ramp(1024);
    const on = bytes(run([delta], { probability: 0.5, rescale: true, seed: 1 }));
    expect(on.equals(bytes(run([delta], { probability: 0.5, rescale: 1, seed: 1 })))).toBe(true);
    const off = bytes(run([delta], { probability: 0.5, rescale: false, seed: 1 }));
    expect(off.equals(bytes(run([delta], { probability: 0.5, rescale: 0, seed: 1 })))).toBe(true);
    expect(on.equals(off)).toBe(false);
  });

  test('probability 0 keeps the plain mean; probability 1 drops everything', () => {
    const a = ramp(1000);
    const b = ramp(1000, 17);
    const all = run([a, b], { probability: 0 });
    for (let i = 0; i < 1000; i++) {
      expect(all.data[i]).toBe(Math.fround(Math.fround(a.data[i]! + b.data[i]!) / 2));
    }
    const none = run([a, b], { probability: 1 });
    expect(none.data.every((x) => x === 0)).toBe(true);
  });

  test('works in fp64 with the same masks', () => {
    const delta = ramp(5000);
    const f32 = run([delta], { probability: 0.5, rescale: 0, seed: 8 });
    const f64 = run([{ shape: delta.shape, data: Float64Array.from(delta.data) }], { probability: 0.5, rescale: 0, seed: 8 }, KEY, 'fp64');
    expect(f64.data).toBeInstanceOf(Float64Array);
    expect([...f64.data]).toEqual([...f32.data]);
  });
});

describe('dropout: determinism', () => {
  const a = ramp(10_000);
  const b = ramp(10_000, 99);

  test('the same seed gives the same bytes; another seed or key other bytes', () => {
    const hypers = { probability: 0.7, seed: 1234 };
    const first = bytes(run([a, b], hypers));
    expect(bytes(run([a, b], hypers)).equals(first)).toBe(true);
    expect(bytes(run([a, b], { ...hypers, seed: 1235 })).equals(first)).toBe(false);
    expect(bytes(run([a, b], hypers, KEY + '_')).equals(first)).toBe(false);
  });

  test('an unset seed is repeatable too', () => {
    const unset = bytes(run([a], { probability: 0.5 }));
    expect(bytes(run([a], { probability: 0.5 })).equals(unset)).toBe(true);
    expect(bytes(run([a], { probability: 0.5, seed: -1 })).equals(unset)).toBe(true);
  });

  test('a key gets the same mask whatever order keys are computed in', () => {
    const keys = Array.from({ length: 16 }, (_, i) => `model.diffusion_model.input_blocks.${i}.0.weight`);
    const inOrder = new Map(keys.map((k) => [k, bytes(run([a, b], { probability: 0.5, seed: 7 }, k))]));
    fc.assert(
      fc.property(fc.shuffledSubarray(keys, { minLength: keys.length }), (shuffled) => {
        for (const k of shuffled) {
          expect(bytes(run([a, b], { probability: 0.5, seed: 7 }, k)).equals(inOrder.get(k)!)).toBe(true);
        }
      }),
      { numRuns: 5 },
    );
  });

  test('the masks of a model do not depend on the models after it', () => {
    // Model 0 draws from its own stream: its survivors are the same with one or three models.
    const alone = run([a], { probability: 0.5, rescale: 0, seed: 5 });
    const zero = filled(10_000, 0);
    const withOthers = run([a, zero, zero], { probability: 0.5, rescale: 0, seed: 5 });
    for (let i = 0; i < 10_000; i++) expect(withOthers.data[i] !== 0).toBe(alone.data[i] !== 0);
  });
});

describe('dropout: overlap', () => {
  const one = filled(N, 1);
  const two = filled(N, 2);
  const p = 0.4;
  const base = { probability: p, rescale: 0, seed: 21 };

  test('an odd integer overlap (1, 3, -1) draws independent masks', () => {
    for (const overlap of [1, 3, -1]) {
      const c = outcomes(run([one, two], { ...base, overlap }));
      expectRate(c.none, N, p * p);
      expectRate(c.both, N, (1 - p) * (1 - p));
      expectRate(c.first, N, p * (1 - p));
      expectRate(c.second, N, p * (1 - p));
    }
  });

  test('an even integer overlap (0, 2) makes the masks disjoint', () => {
    for (const overlap of [0, 2]) {
      const c = outcomes(run([one, two], { ...base, overlap }));
      expect(c.both).toBe(0);
      expectRate(c.none, N, p);
      expectRate(c.first, N, (1 - p) / 2);
      expectRate(c.second, N, (1 - p) / 2);
    }
  });

  test('an overlap that is not an exact odd integer but within 1e-8 of one keeps all models together', () => {
    const c = outcomes(run([one, two], { ...base, overlap: 1 + 1e-9 }));
    expect(c.first + c.second).toBe(0);
    expectRate(c.none, N, p);
    expectRate(c.both, N, 1 - p);
  });

  test('overlap 1/2 makes every non-empty subset equally likely; emphasis 1 turns it binomial', () => {
    const flat = outcomes(run([one, two], { ...base, overlap: 0.5 }));
    for (const k of [flat.first, flat.second, flat.both]) expectRate(k, N, (1 - p) / 3);
    expectRate(flat.none, N, p);

    // At overlap 1/2 the blend weight is 1: subset S gets p^|S| (1 - p)^(2 - |S|), renormalised.
    const w1 = p * (1 - p);
    const w2 = p * p;
    const total = 2 * w1 + w2;
    const binomial = outcomes(run([one, two], { ...base, overlap: 0.5, overlap_emphasis: 1 }));
    expectRate(binomial.first, N, ((1 - p) * w1) / total);
    expectRate(binomial.second, N, ((1 - p) * w1) / total);
    expectRate(binomial.both, N, ((1 - p) * w2) / total);
  });

  test('overlap near 0 gives almost only singletons, near 1 almost only the full set', () => {
    const near0 = outcomes(run([one, two], { ...base, overlap: 0.001 }));
    expect(near0.both).toBeLessThan(N * 1e-3);
    const near1 = outcomes(run([one, two], { ...base, overlap: 0.999 }));
    expect(near1.first + near1.second).toBeLessThan(N * 1e-3);
  });

  test('the set distribution: entry 0 is p, it sums to 1, and overlap 1 + x mirrors 1 - x', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (n, prob, x) => {
          const pmf = overlappingSetsPmf(n, prob, x, 0);
          expect(pmf.length).toBe(2 ** n);
          expect(pmf[0]).toBe(prob);
          expect(pmf.every((q) => q >= 0)).toBe(true);
          expect(Math.abs(pmf.reduce((s, q) => s + q, 0) - 1)).toBeLessThan(1e-9);
          const mirrored = overlappingSetsPmf(n, prob, 2 - x, 0);
          for (let k = 0; k < pmf.length; k++) expect(Math.abs(mirrored[k]! - pmf[k]!)).toBeLessThan(1e-9);
        },
      ),
    );
  });

  test('the set distribution only depends on subset sizes', () => {
    const pmf = overlappingSetsPmf(4, 0.3, 0.7, 0.5);
    const bySize = new Map<number, number>();
    for (let k = 1; k < 16; k++) {
      const size = k.toString(2).split('1').length - 1;
      const seen = bySize.get(size);
      if (seen === undefined) bySize.set(size, pmf[k]!);
      else expect(pmf[k]).toBeCloseTo(seen, 15);
    }
  });

  test('refuses an overlap and emphasis that would make a probability negative', () => {
    expect(() => run([one, two], { ...base, overlap: 2, overlap_emphasis: 1 })).toThrow(/negative/);
  });
});

describe('dropout: argument checks', () => {
  test('refuses a probability outside [0, 1], mismatched shapes and no inputs', () => {
    expect(() => run([ramp(4)], { probability: 1.5 })).toThrow(RangeError);
    expect(() => run([ramp(4)], { probability: -0.1 })).toThrow(RangeError);
    expect(() => run([ramp(4), ramp(5)], {})).toThrow(/shape/);
    expect(() => run([], {})).toThrow(RangeError);
    expect(() => run([ramp(4)], { seed: 'x' })).toThrow(TypeError);
  });

  test('keeps the input shape', () => {
    const out = run([tensor(new Float32Array(24).fill(1), [2, 3, 4])], { probability: 0.5 });
    expect(out.shape).toEqual([2, 3, 4]);
  });
});
