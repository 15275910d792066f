import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { kthSmallestAbs } from '../../src/runtime/kernels/select.js';
import { StreamedAbsSelect } from '../../src/runtime/kernels/streamed-select.js';

/** The streamed selection of rank k over `data` cut into windows of `window` elements. */
function streamed(data: Float32Array, k: number, window: number): number {
  const select = new StreamedAbsSelect(data.length, k);
  for (let i = 0; i < data.length; i += window) select.countHigh(data.subarray(i, i + window));
  select.chooseBucket();
  for (let i = 0; i < data.length; i += window) select.countLow(data.subarray(i, i + window));
  return select.result();
}

/** Same bits: distinguishes -0 from +0 and NaN payloads, as a selection must return the element itself. */
function bitsOf(x: number): number {
  const f = new Float32Array([x]);
  return new Uint32Array(f.buffer)[0]!;
}

function expectSameAsWhole(data: Float32Array, k: number, window: number): void {
  expect(bitsOf(streamed(data, k, window))).toBe(bitsOf(kthSmallestAbs(data, k)));
}

describe('StreamedAbsSelect', () => {
  test('matches the whole-tensor selection on random data, any rank and window', () => {
    fc.assert(
      fc.property(
        fc.float32Array({ minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 64 }),
        fc.nat(),
        (values, window, r) => {
          const data = new Float32Array(values);
          expectSameAsWhole(data, 1 + (r % data.length), window);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('matches on adversarial inputs: ties, signed zeros, NaN, infinities, subnormals, one bucket', () => {
    const n = 5000;
    const cases: Float32Array[] = [
      new Float32Array(n).fill(0.25), // all tied
      Float32Array.from({ length: n }, (_, i) => (i % 2 ? -0 : 0)),
      Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? NaN : i % 3 === 1 ? -Infinity : 1e-40 * i)),
      // one top-digit bucket: magnitudes within the same 2^-7 of a binade, so only the low pass tells them apart
      Float32Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (1 + (i % 97) * 2 ** -23)),
      Float32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 3 : -3) * (i % 5 === 0 ? 2 : 1)),
    ];
    for (const data of cases) {
      for (const k of [1, 2, n >> 1, n - 1, n]) {
        for (const window of [1, 333, n]) expectSameAsWhole(data, k, window);
      }
    }
  });

  test('matches on a tensor of a million normally distributed values at a top-k threshold', () => {
    const n = 1 << 20;
    const data = new Float32Array(n);
    let seed = 12345;
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      data[i] = ((seed / 2 ** 32) - 0.5) * 0.04 * (i % 11 === 0 ? 10 : 1);
    }
    expectSameAsWhole(data, Math.trunc(0.7 * n), 1 << 18);
  });

  test('refuses a result before both passes and a rank outside the tensor', () => {
    expect(() => new StreamedAbsSelect(3, 4)).toThrow(RangeError);
    const select = new StreamedAbsSelect(2, 1);
    expect(() => select.result()).toThrow(/first pass/);
    select.countHigh(new Float32Array([1]));
    expect(() => select.chooseBucket()).toThrow(/saw 1 of 2/);
  });
});
