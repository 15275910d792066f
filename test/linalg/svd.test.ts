import { describe, expect, test } from 'vitest';
import { fromArray, maxAbsDiff, zeros } from '../../src/runtime/linalg/matrix.js';
import { bidiagonalize } from '../../src/runtime/linalg/bidiagonal.js';
import { matmul } from '../../src/runtime/linalg/matmul.js';
import { transpose } from '../../src/runtime/linalg/matrix.js';
import { svd } from '../../src/runtime/linalg/svd.js';
import { symmetricEigen } from '../../src/runtime/linalg/symmetric-eigen.js';
import { orthogonalityError, randomMatrix, reconstruct } from './helpers.js';

function checkSvd(a: ReturnType<typeof zeros>, tol: number) {
  const { u, s, v } = svd(a);
  const k = Math.min(a.rows, a.cols);
  expect(u.rows).toBe(a.rows);
  expect(u.cols).toBe(k);
  expect(v.rows).toBe(a.cols);
  expect(v.cols).toBe(k);
  expect(s.length).toBe(k);
  for (let i = 0; i < k; i++) {
    expect(s[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]!);
  }
  expect(maxAbsDiff(reconstruct(u, s, v), a)).toBeLessThan(tol);
  expect(orthogonalityError(u)).toBeLessThan(tol);
  expect(orthogonalityError(v)).toBeLessThan(tol);
  return { u, s, v };
}

describe('bidiagonalization', () => {
  test('A = U B V^T with B upper bidiagonal', () => {
    const a = randomMatrix(9, 6, 3);
    const { d, e, u, v } = bidiagonalize(a);
    const b = zeros(6, 6);
    for (let i = 0; i < 6; i++) {
      b.data[i * 6 + i] = d[i]!;
      if (i < 5) b.data[i * 6 + i + 1] = e[i]!;
    }
    expect(maxAbsDiff(matmul(matmul(u, b), transpose(v)), a)).toBeLessThan(1e-13);
    expect(orthogonalityError(u)).toBeLessThan(1e-14);
    expect(orthogonalityError(v)).toBeLessThan(1e-14);
  });
});

describe('svd', () => {
  test.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [2, 3],
    [6, 6],
    [36, 9],
    [9, 36],
    [40, 40],
    [70, 33],
    [33, 70],
  ])('random %i x %i: reconstructs, orthonormal, sorted', (m, n) => {
    checkSvd(randomMatrix(m, n, m * 31 + n), 1e-12);
  });

  test('a diagonal matrix gives its absolute values, sorted', () => {
    const a = fromArray(3, 3, [2, 0, 0, 0, -5, 0, 0, 0, 3]);
    const { s } = checkSvd(a, 1e-14);
    expect(Array.from(s)).toEqual([5, 3, 2]);
  });

  test('a rank-one outer product has one singular value |x||y|', () => {
    const x = [1, 2, 3, 4];
    const y = [2, -1, 2];
    const a = fromArray(
      4,
      3,
      x.flatMap((xi) => y.map((yj) => xi * yj)),
    );
    const { u, s, v } = checkSvd(a, 1e-13);
    expect(s[0]).toBeCloseTo(Math.sqrt(30) * 3, 12);
    expect(s[1]).toBeLessThan(1e-14);
    expect(s[2]).toBeLessThan(1e-14);
    // The leading singular vectors are x and y normalized (up to a common sign).
    const sign = Math.sign(u.data[0]! * v.data[0]!);
    for (let i = 0; i < 4; i++) expect(Math.abs(u.data[i * 3]!)).toBeCloseTo(x[i]! / Math.sqrt(30), 12);
    for (let j = 0; j < 3; j++)
      expect(sign * u.data[0]! * v.data[j * 3]!).toBeCloseTo((x[0]! / Math.sqrt(30)) * (y[j]! / 3), 12);
  });

  test('a 2x2 rotation times a scale has both singular values equal to the scale', () => {
    const t = 0.7;
    const a = fromArray(2, 2, [3 * Math.cos(t), -3 * Math.sin(t), 3 * Math.sin(t), 3 * Math.cos(t)]);
    const { s } = checkSvd(a, 1e-14);
    expect(s[0]).toBeCloseTo(3, 14);
    expect(s[1]).toBeCloseTo(3, 14);
  });

  test('zero and rank-deficient matrices still get full orthonormal bases', () => {
    checkSvd(zeros(5, 4), 1e-15);
    // Rows centered to zero mean, as rotate does: rank n - 1.
    const a = randomMatrix(6, 6, 9);
    for (let j = 0; j < 6; j++) {
      let mean = 0;
      for (let i = 0; i < 6; i++) mean += a.data[i * 6 + j]! / 6;
      for (let i = 0; i < 6; i++) a.data[i * 6 + j] -= mean;
    }
    const { s } = checkSvd(a, 1e-13);
    expect(s[5]).toBeLessThan(1e-14);
    // Exactly repeated structure: many zero singular values.
    const r = fromArray(
      8,
      8,
      Array.from({ length: 64 }, (_, i) => ((Math.floor(i / 8) + (i % 8)) % 3 === 0 ? 1 : 0)),
    );
    checkSvd(r, 1e-13);
  });

  test('singular values are the square roots of the eigenvalues of A^T A', () => {
    const a = randomMatrix(12, 7, 5);
    const { s } = svd(a);
    const { values } = symmetricEigen(matmul(transpose(a), a));
    const fromEig = Array.from(values).map(Math.sqrt).reverse();
    for (let i = 0; i < 7; i++) expect(s[i]).toBeCloseTo(fromEig[i]!, 11);
  });

  test('scale invariance: huge and tiny entries', () => {
    const a = randomMatrix(5, 5, 2);
    const big = fromArray(
      5,
      5,
      a.data.map((x) => x * 1e150),
    );
    const small = fromArray(
      5,
      5,
      a.data.map((x) => x * 1e-150),
    );
    const s = svd(a).s;
    const sb = svd(big).s;
    const ss = svd(small).s;
    for (let i = 0; i < 5; i++) {
      expect(sb[i]! / 1e150).toBeCloseTo(s[i]!, 12);
      expect(ss[i]! / 1e-150).toBeCloseTo(s[i]!, 12);
    }
  });

  test('non-finite input is rejected', () => {
    expect(() => svd(fromArray(2, 2, [1, Number.NaN, 0, 1]))).toThrow(RangeError);
  });
});

describe('svd orientation', () => {
  test('is det(U) det(V) for square matrices', async () => {
    const { determinantSign } = await import('../../src/runtime/linalg/determinant.js');
    let negative = 0;
    for (let seed = 0; seed < 12; seed++) {
      const n = 2 + (seed % 5);
      const a = randomMatrix(n, n, 500 + seed);
      const { u, v, orientation } = svd(a);
      expect(orientation).toBe(determinantSign(u) * determinantSign(v));
      if (orientation < 0) negative++;
    }
    expect(negative).toBeGreaterThan(0);
    expect(negative).toBeLessThan(12);
  });
});
