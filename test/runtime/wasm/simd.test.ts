import { describe, expect, test } from 'vitest';
import { SimdKernels } from '../../../src/runtime/wasm/simd.js';

// Independent scalar oracles, written from the IEEE definitions rather than from the kernels' tricks.
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

function floatToHalf(x: number): number {
  // Exhaustive search is exact: pick the nearest half, ties to the even pattern.
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00;
  let lo = 0;
  let hi = 0x7c00;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (halfToFloat(mid) <= a) lo = mid;
    else hi = mid;
  }
  const dLo = a - halfToFloat(lo);
  const dHi = halfToFloat(hi) - a;
  const pick = dLo < dHi ? lo : dHi < dLo ? hi : lo % 2 === 0 ? lo : hi;
  return sign | pick;
}

const simd = new SimdKernels();

function roundTripF32ToF16(values: Float32Array): Uint16Array {
  simd.reset();
  const src = simd.alloc(values.length, 4);
  const dst = simd.alloc(values.length, 2);
  simd.f32(src, values.length).set(values);
  simd.fn.f32_to_f16(src, dst, values.length);
  return new Uint16Array(simd.fn.memory.buffer, dst, values.length).slice();
}

describe('SIMD fp16 codec', () => {
  test('decodes all 65536 half patterns exactly', () => {
    simd.reset();
    const n = 65536;
    const src = simd.alloc(n, 2);
    const dst = simd.alloc(n, 4);
    const halves = new Uint16Array(simd.fn.memory.buffer, src, n);
    for (let i = 0; i < n; i++) halves[i] = i;
    simd.fn.f16_to_f32(src, dst, n);
    const out = simd.f32(dst, n);
    for (let i = 0; i < n; i++) {
      const want = halfToFloat(i);
      if (Number.isNaN(want)) expect(Number.isNaN(out[i]), `pattern ${i}`).toBe(true);
      else expect(Object.is(out[i], want), `pattern ${i.toString(16)}: ${out[i]} vs ${want}`).toBe(true);
    }
  });

  test('encodes with round-to-nearest-even, subnormals, overflow and NaN', () => {
    const values: number[] = [0, -0, 1, -1, 65504, 65519.99, 65520, 1e9, -1e9, Infinity, -Infinity, NaN, 2 ** -24,
      2 ** -25, 2 ** -25 * 1.0001, 3 * 2 ** -25, 2 ** -14, 2 ** -14 - 2 ** -25, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 1e-8];
    // Every midpoint between consecutive halves, and points just beside them.
    for (let h = 0; h < 0x7bff; h += 37) {
      const mid = (halfToFloat(h) + halfToFloat(h + 1)) / 2;
      values.push(mid, Math.fround(mid * (1 + 2 ** -20)), Math.fround(mid * (1 - 2 ** -20)), -mid);
    }
    const input = Float32Array.from(values);
    const got = roundTripF32ToF16(input);
    input.forEach((v, i) => {
      expect(got[i], `value ${v}`).toBe(floatToHalf(v));
    });
  });

  test('encode(decode(h)) == h for every non-NaN half', () => {
    const n = 0x7c01;
    const floats = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      floats[i] = halfToFloat(i);
      floats[n + i] = halfToFloat(0x8000 | i);
    }
    const got = roundTripF32ToF16(floats);
    for (let i = 0; i < n; i++) {
      expect(got[i]).toBe(i);
      expect(got[n + i]).toBe(0x8000 | i);
    }
  });
});

describe('SIMD bf16 codec', () => {
  test('round trip and round-to-nearest-even', () => {
    simd.reset();
    const values = Float32Array.from([1, -2.5, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -9, NaN, Infinity, 3.0e38]);
    const n = values.length;
    const src = simd.alloc(n, 4);
    const mid = simd.alloc(n, 2);
    const back = simd.alloc(n, 4);
    simd.f32(src, n).set(values);
    simd.fn.f32_to_bf16(src, mid, n);
    simd.fn.bf16_to_f32(mid, back, n);
    const out = simd.f32(back, n);
    expect(Array.from(out.subarray(0, 2))).toEqual([1, -2.5]);
    expect(out[2]).toBe(1); // exactly half way: ties to even (1.0)
    expect(out[3]).toBe(1 + 4 * 2 ** -8); // half way, rounds up to the even neighbour
    expect(out[4]).toBe(1);
    expect(Number.isNaN(out[5])).toBe(true);
    expect(out[6]).toBe(Infinity);
    expect(new Uint16Array(simd.fn.memory.buffer, mid, n)[5]).toBe(0x7fc0);
  });
});

describe('SIMD arithmetic matches fp32 step-by-step rounding', () => {
  const n = 1003; // not a multiple of 8: the tail must be right too
  const a = new Float32Array(n).map((_, i) => Math.fround(Math.sin(i) * 0.02));
  const b = new Float32Array(n).map((_, i) => Math.fround(Math.cos(i * 1.3) * 0.03));
  const run = (f: (pa: number, pb: number, pd: number) => void): Float32Array => {
    simd.reset();
    const pa = simd.alloc(n, 4);
    const pb = simd.alloc(n, 4);
    const pd = simd.alloc(n, 4);
    simd.f32(pa, n).set(a);
    simd.f32(pb, n).set(b);
    f(pa, pb, pd);
    return simd.f32(pd, n).slice();
  };
  const f = Math.fround;
  test.each([
    ['lerp', (pa: number, pb: number, pd: number) => simd.fn.lerp(pa, pb, pd, n, f(0.7), f(0.3)),
      (x: number, y: number) => f(f(f(0.7) * x) + f(f(0.3) * y))],
    ['axpy', (pa: number, pb: number, pd: number) => simd.fn.axpy(pa, pb, pd, n, f(0.8)),
      (x: number, y: number) => f(x + f(f(0.8) * y))],
    ['add', (pa: number, pb: number, pd: number) => simd.fn.add(pa, pb, pd, n), (x: number, y: number) => f(x + y)],
    ['sub', (pa: number, pb: number, pd: number) => simd.fn.sub(pa, pb, pd, n), (x: number, y: number) => f(x - y)],
    ['scale', (pa: number, _pb: number, pd: number) => simd.fn.scale(pa, pd, n, f(1 / 3)), (x: number) => f(x * f(1 / 3))],
    ['divide', (pa: number, _pb: number, pd: number) => simd.fn.divide(pa, pd, n, 3), (x: number) => f(x / 3)],
  ] as const)('%s', (_name, kernel, oracle) => {
    const out = run(kernel);
    for (let i = 0; i < n; i++) expect(out[i]).toBe(oracle(a[i]!, b[i]!));
  });
});
