import { describe, expect, test } from 'vitest';
import { fft, ifft } from '../../src/runtime/linalg/fft.js';
import { fftAxis, irfft, irfftn, rfft, rfftn } from '../../src/runtime/linalg/fftn.js';
import { seededRandom } from './random.js';

function naiveDft(xr: Float64Array, xi: Float64Array, sign = -1): [Float64Array, Float64Array] {
  const n = xr.length;
  const yr = new Float64Array(n);
  const yi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const a = (sign * 2 * Math.PI * ((t * k) % n)) / n;
      const c = Math.cos(a);
      const s = Math.sin(a);
      yr[k] += xr[t]! * c - xi[t]! * s;
      yi[k] += xr[t]! * s + xi[t]! * c;
    }
  }
  return [yr, yi];
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('complex FFT', () => {
  const rand = seededRandom(7);
  const lengths = [...Array.from({ length: 40 }, (_, i) => i + 1), 49, 64, 97, 121, 128, 193, 210, 386, 1000, 1031];
  test.each(lengths)('length %i matches a naive DFT', (n) => {
    const xr = Float64Array.from({ length: n }, () => rand() - 0.5);
    const xi = Float64Array.from({ length: n }, () => rand() - 0.5);
    const [er, ei] = naiveDft(xr, xi);
    const yr = xr.slice();
    const yi = xi.slice();
    fft(yr, yi);
    const tol = 1e-12 * n;
    expect(maxDiff(yr, er)).toBeLessThan(tol);
    expect(maxDiff(yi, ei)).toBeLessThan(tol);
    ifft(yr, yi);
    expect(maxDiff(yr, xr)).toBeLessThan(1e-13 * n);
    expect(maxDiff(yi, xi)).toBeLessThan(1e-13 * n);
  });

  test('a unit impulse transforms to all ones and a constant to an impulse', () => {
    const n = 12;
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    re[0] = 1;
    fft(re, im);
    expect(maxDiff(re, new Float64Array(n).fill(1))).toBeLessThan(1e-15);
    expect(maxDiff(im, new Float64Array(n))).toBeLessThan(1e-15);
    re.fill(2);
    im.fill(0);
    fft(re, im);
    expect(re[0]).toBeCloseTo(2 * n, 12);
    for (let k = 1; k < n; k++) expect(Math.abs(re[k]!) + Math.abs(im[k]!)).toBeLessThan(1e-13);
  });

  test('a single cosine lands in bins k and n - k', () => {
    const n = 30;
    const re = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * 4 * t) / n));
    const im = new Float64Array(n);
    fft(re, im);
    for (let k = 0; k < n; k++) {
      const expected = k === 4 || k === n - 4 ? n / 2 : 0;
      expect(Math.abs(re[k]! - expected)).toBeLessThan(1e-12);
      expect(Math.abs(im[k]!)).toBeLessThan(1e-12);
    }
  });
});

describe('real and N-dimensional FFT', () => {
  const rand = seededRandom(11);

  function naiveDftN(x: Float64Array, shape: number[]): [Float64Array, Float64Array] {
    // Separable: naive DFT along every axis.
    const re = x.slice();
    const im = new Float64Array(x.length);
    for (let axis = 0; axis < shape.length; axis++) {
      const len = shape[axis]!;
      const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
      for (let o = 0; o < outer; o++) {
        for (let q = 0; q < inner; q++) {
          const lr = new Float64Array(len);
          const li = new Float64Array(len);
          for (let i = 0; i < len; i++) {
            lr[i] = re[o * len * inner + q + i * inner]!;
            li[i] = im[o * len * inner + q + i * inner]!;
          }
          const [yr, yi] = naiveDft(lr, li);
          for (let i = 0; i < len; i++) {
            re[o * len * inner + q + i * inner] = yr[i]!;
            im[o * len * inner + q + i * inner] = yi[i]!;
          }
        }
      }
    }
    return [re, im];
  }

  test.each([[[7]], [[6]], [[5, 4]], [[6, 6, 3, 3]], [[3, 1, 5]], [[2, 3, 4, 5]], [[1]]])(
    'rfftn of shape %j is the non-negative half of the full DFT and inverts',
    (shape) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = Float64Array.from({ length: n }, () => rand() - 0.5);
      const spec = rfftn(x, shape);
      const [fr, fi] = naiveDftN(x, shape);
      const last = shape[shape.length - 1]!;
      const h = Math.floor(last / 2) + 1;
      expect(spec.shape).toEqual([...shape.slice(0, -1), h]);
      for (let r = 0; r < n / last; r++) {
        for (let k = 0; k < h; k++) {
          expect(Math.abs(spec.re[r * h + k]! - fr[r * last + k]!)).toBeLessThan(1e-12);
          expect(Math.abs(spec.im[r * h + k]! - fi[r * last + k]!)).toBeLessThan(1e-12);
        }
      }
      expect(maxDiff(irfftn(spec, shape), x)).toBeLessThan(1e-14);
    },
  );

  test('float32 storage: same transform to float32 precision, inverted in place into a given array', () => {
    const shape = [6, 5, 4];
    const x = Float64Array.from({ length: 120 }, () => rand() - 0.5);
    const wide = rfftn(x, shape);
    const narrow = rfftn(x, shape, 'float32');
    expect(narrow.re).toBeInstanceOf(Float32Array);
    expect(maxDiff(narrow.re, wide.re)).toBeLessThan(1e-6);
    expect(maxDiff(narrow.im, wide.im)).toBeLessThan(1e-6);
    const out = new Float32Array(120);
    expect(irfftn(narrow, shape, true, out)).toBe(out);
    expect(maxDiff(out, x)).toBeLessThan(1e-6);
  });

  test('irfft ignores the imaginary parts of the zero and Nyquist bins', () => {
    const x = Float64Array.from({ length: 8 }, () => rand());
    const spec = rfft(x);
    const im = spec.im.slice();
    im[0] = 5;
    im[4] = -3;
    expect(maxDiff(irfft({ re: spec.re, im, shape: spec.shape }, 8), x)).toBeLessThan(1e-14);
  });

  test('odd output length keeps every bin', () => {
    const x = Float64Array.from({ length: 9 }, () => rand());
    expect(maxDiff(irfft(rfft(x), 9), x)).toBeLessThan(1e-14);
  });

  test('fftAxis forward then inverse along a middle axis restores the data times its length', () => {
    const shape = [3, 5, 4];
    const re = Float64Array.from({ length: 60 }, () => rand());
    const im = Float64Array.from({ length: 60 }, () => rand());
    const r0 = re.slice();
    const i0 = im.slice();
    fftAxis(re, im, shape, 1, false);
    expect(maxDiff(re, r0)).toBeGreaterThan(0.1);
    fftAxis(re, im, shape, 1, true);
    expect(
      maxDiff(
        re.map((v) => v / 5),
        r0,
      ),
    ).toBeLessThan(1e-14);
    expect(
      maxDiff(
        im.map((v) => v / 5),
        i0,
      ),
    ).toBeLessThan(1e-14);
  });
});
