import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { della, dellaKeepProbability } from '../../src/runtime/methods/della.js';
import { kernelContext, type Hypers, type Tensor } from '../../src/runtime/methods/kernel.js';

const KEY = 'model.diffusion_model.output_blocks.3.1.transformer_blocks.0.attn2.to_k.weight';

function tensor(data: number[] | Float32Array): Tensor {
  return { shape: [data.length], data: data instanceof Float32Array ? data : Float32Array.from(data) };
}

/** A shuffled ramp: element i has magnitude rank perm[i] and a fixed sign pattern. */
function shuffledRamp(n: number, seed: number): { delta: Tensor; rank: Uint32Array } {
  const perm = Uint32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.fround((perm[i]! + 1) / n) * (i % 2 === 0 ? 1 : -1);
  return { delta: tensor(d), rank: perm };
}

function run(inputs: Tensor[], hypers: Hypers, key = KEY): Tensor {
  return della(inputs, hypers, kernelContext(key));
}

function bytes(t: Tensor): Buffer {
  return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

describe('dellaKeepProbability', () => {
  test('rises with magnitude rank, spans about eps and averages 1 - p', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 500 }),
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (n, p, eps) => {
          let sum = 0;
          let previous = -Infinity;
          for (let r = 0; r < n; r++) {
            const q = dellaKeepProbability(r, n, p, eps);
            expect(q).toBeGreaterThanOrEqual(previous);
            previous = q;
            sum += q;
          }
          expect(Math.abs(sum / n - (1 - p))).toBeLessThan(1e-12);
          const span = dellaKeepProbability(n - 1, n, p, eps) - dellaKeepProbability(0, n, p, eps);
          expect(span).toBeCloseTo((eps * (n - 1)) / n, 12);
        },
      ),
    );
  });

  test('clamps to [0, 1]', () => {
    expect(dellaKeepProbability(0, 10, 0.95, 1)).toBe(0);
    expect(dellaKeepProbability(9, 10, 0.05, 1)).toBe(1);
  });
});

describe('della: MagPrune', () => {
  const n = 1 << 17;
  const { delta, rank } = shuffledRamp(n, 12345);
  const p = 0.5;
  const eps = 0.8;

  test('drops small entries more often than large ones, at the rate the rank gives', () => {
    const out = run([delta], { probability: p, della_eps: eps, seed: 4 });
    // Tenths of the magnitude order: the observed survival rate of each against its expected rate.
    const kept = new Float64Array(10);
    const expected = new Float64Array(10);
    const size = new Float64Array(10);
    for (let i = 0; i < n; i++) {
      const decile = Math.floor((rank[i]! * 10) / n);
      size[decile]!++;
      expected[decile]! += dellaKeepProbability(rank[i]!, n, p, eps);
      if (out.data[i] !== 0) kept[decile]!++;
    }
    for (let d = 0; d < 10; d++) {
      const q = expected[d]! / size[d]!;
      expect(Math.abs(kept[d]! / size[d]! - q)).toBeLessThanOrEqual(6 * Math.sqrt((q * (1 - q)) / size[d]!));
      if (d > 0) expect(kept[d]!).toBeGreaterThan(kept[d - 1]!);
    }
    expect(kept[9]! / size[9]!).toBeGreaterThan(0.8);
    expect(kept[0]! / size[0]!).toBeLessThan(0.2);
  });

  test('divides each survivor by its own survival probability, or not at all without rescale', () => {
    const scaled = run([delta], { probability: p, della_eps: eps, seed: 9 });
    const plain = run([delta], { probability: p, della_eps: eps, seed: 9, rescale: false });
    let survivors = 0;
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const x = scaled.data[i]!;
      if ((plain.data[i] !== 0) !== (x !== 0)) wrong++; // the same mask either way
      if (x === 0) continue;
      survivors++;
      const q = Math.fround(dellaKeepProbability(rank[i]!, n, p, eps));
      if (x !== Math.fround(delta.data[i]! / q) || plain.data[i] !== delta.data[i]) wrong++;
    }
    expect(wrong).toBe(0);
    expect(Math.abs(survivors / n - (1 - p))).toBeLessThan(0.01);
  });

  test("keeps each element's expected value (averaged over seeds)", () => {
    const small = shuffledRamp(16, 3);
    const seeds = 4000;
    const mean = new Float64Array(16);
    for (let seed = 0; seed < seeds; seed++) {
      const out = run([small.delta], { probability: 0.5, della_eps: 0.6, seed });
      for (let i = 0; i < 16; i++) mean[i]! += out.data[i]! / seeds;
    }
    for (let i = 0; i < 16; i++) {
      const d = small.delta.data[i]!;
      const q = dellaKeepProbability(small.rank[i]!, 16, 0.5, 0.6);
      expect(Math.abs(mean[i]! - d)).toBeLessThanOrEqual(6 * Math.abs(d) * Math.sqrt((1 - q) / q / seeds));
    }
  });

  test('with eps = 0 every element survives at 1 - p, whatever its magnitude', () => {
    const out = run([delta], { probability: 0.3, della_eps: 0, seed: 2 });
    let lowKept = 0;
    let highKept = 0;
    for (let i = 0; i < n; i++) {
      if (out.data[i] === 0) continue;
      if (rank[i]! < n / 2) lowKept++;
      else highKept++;
    }
    const sd = Math.sqrt((0.7 * 0.3) / (n / 2));
    expect(Math.abs(lowKept / (n / 2) - 0.7)).toBeLessThan(6 * sd);
    expect(Math.abs(highKept / (n / 2) - 0.7)).toBeLessThan(6 * sd);
  });
});

describe('della: elect and fuse', () => {
  test('with nothing dropped it is the mean of the deltas that agree with the sign of their sum', () => {
    const a = tensor([1, -2, 3, 0, 2, -1]);
    const b = tensor([3, 1, -1, 0, -2, 0]);
    const c = tensor([0.5, 0.5, -4, 0, 0, 0]);
    const out = run([a, b, c], { probability: 0, della_eps: 0 });
    // sums: 4.5, -0.5, -2, 0, 0, -1 -> signs +, -, -, 0, 0, -
    expect([...out.data]).toEqual([Math.fround(4.5 / 3), -2, -2.5, 0, 0, -1]);
  });

  test('matches a direct computation on random deltas', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.float({ min: -4, max: 4, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (models, flat) => {
          const n = flat.length;
          const deltas = Array.from({ length: models }, (_, m) =>
            tensor(flat.map((x, i) => Math.fround(x * (((i + m) % 3) - 1)))),
          );
          const out = run(deltas, { probability: 0, della_eps: 0 });
          for (let i = 0; i < n; i++) {
            let sum = 0;
            for (const d of deltas) sum = Math.fround(sum + d.data[i]!);
            const sign = Math.sign(sum);
            let agree = 0;
            let count = 0;
            for (const d of deltas) {
              if (Math.sign(d.data[i]!) === sign) {
                agree = Math.fround(agree + d.data[i]!);
                count++;
              }
            }
            expect(out.data[i]).toBe(count === 0 ? 0 : Math.fround(agree / count));
          }
        },
      ),
    );
  });
});

describe('della: determinism and checks', () => {
  const { delta } = shuffledRamp(20_000, 77);
  const other = shuffledRamp(20_000, 78).delta;

  test('the same seed gives the same bytes, another seed or key other bytes', () => {
    const hypers = { probability: 0.6, della_eps: 0.2, seed: 31 };
    const first = bytes(run([delta, other], hypers));
    expect(bytes(run([delta, other], hypers)).equals(first)).toBe(true);
    expect(bytes(run([delta, other], { ...hypers, seed: 32 })).equals(first)).toBe(false);
    expect(bytes(run([delta, other], hypers, KEY + '.x')).equals(first)).toBe(false);
  });

  test('keys computed in a shuffled order get the same bytes', () => {
    const keys = Array.from({ length: 8 }, (_, i) => `${KEY}.${i}`);
    const reference = new Map(keys.map((k) => [k, bytes(run([delta], { seed: 1 }, k))]));
    for (const k of [...keys].reverse()) expect(bytes(run([delta], { seed: 1 }, k)).equals(reference.get(k)!)).toBe(true);
  });

  test('refuses a bad probability, a negative eps and mismatched shapes', () => {
    expect(() => run([delta], { probability: 2 })).toThrow(RangeError);
    expect(() => run([delta], { della_eps: -0.1 })).toThrow(RangeError);
    expect(() => run([delta, tensor([1, 2])], {})).toThrow(/shape/);
  });
});
