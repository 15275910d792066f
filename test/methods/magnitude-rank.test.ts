import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { magnitudeRanks } from '../../src/runtime/methods/magnitude-rank.js';

/** The definition, by comparison sort: order by |x| with NaN after everything, then by index. */
function oracle(values: ArrayLike<number>): number[] {
  const order = Array.from(values, (_, i) => i).sort((i, j) => {
    const a = values[i]!;
    const b = values[j]!;
    const na = Number.isNaN(a);
    const nb = Number.isNaN(b);
    if (na !== nb) return na ? 1 : -1;
    if (!na && Math.abs(a) !== Math.abs(b)) return Math.abs(a) < Math.abs(b) ? -1 : 1;
    return i - j;
  });
  const ranks = new Array<number>(values.length);
  order.forEach((i, r) => (ranks[i] = r));
  return ranks;
}

describe('magnitudeRanks', () => {
  test('matches a comparison sort by magnitude then position, in fp32', () => {
    fc.assert(
      fc.property(fc.array(fc.float(), { maxLength: 400 }), (values) => {
        const data = Float32Array.from(values);
        expect([...magnitudeRanks(data)]).toEqual(oracle(data));
      }),
      { numRuns: 300 },
    );
  });

  test('matches it in fp64, where the low word decides between close magnitudes', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 400 }), (values) => {
        const data = Float64Array.from(values);
        expect([...magnitudeRanks(data)]).toEqual(oracle(data));
      }),
      { numRuns: 300 },
    );
    const close = Float64Array.from([1 + 2 ** -52, -1, 1 + 2 ** -51, 1]);
    expect([...magnitudeRanks(close)]).toEqual([2, 0, 3, 1]);
  });

  test('ties, signed zeros, infinities and NaN', () => {
    const data = Float32Array.from([-0, 0, 3, -3, Infinity, NaN, -Infinity, 3]);
    expect([...magnitudeRanks(data)]).toEqual([0, 1, 2, 3, 5, 7, 6, 4]);
  });

  test('works on a view into a larger buffer and on large tensors', () => {
    const backing = new Float32Array(1 << 20);
    for (let i = 0; i < backing.length; i++) backing[i] = Math.sin(i * 12.9898) * 43758.5453;
    const view = backing.subarray(5, backing.length - 3);
    const ranks = magnitudeRanks(view);
    const seen = new Uint8Array(view.length);
    let ordered = 0;
    for (let i = 0; i < view.length; i++) seen[ranks[i]!] = 1;
    expect(seen.every((s) => s === 1)).toBe(true);
    // Check the order through the inverse permutation.
    const byRank = new Uint32Array(view.length);
    for (let i = 0; i < view.length; i++) byRank[ranks[i]!] = i;
    for (let r = 1; r < view.length; r++) {
      const a = Math.abs(view[byRank[r - 1]!]!);
      const b = Math.abs(view[byRank[r]!]!);
      if (a < b || (a === b && byRank[r - 1]! < byRank[r]!)) ordered++;
    }
    expect(ordered).toBe(view.length - 1);
    expect(magnitudeRanks(new Float32Array(0)).length).toBe(0);
  });
});
