import { describe, expect, test } from 'vitest';
import { matmul } from '../../src/runtime/linalg/matmul.js';
import { type Matrix, fromArray, identity, maxAbsDiff, transpose, zeros } from '../../src/runtime/linalg/matrix.js';
import { symmetricEigen } from '../../src/runtime/linalg/symmetric-eigen.js';
import { tridiagonalize } from '../../src/runtime/linalg/tridiagonal.js';
import { orthogonalityError, randomMatrix } from './helpers.js';

function randomSymmetric(n: number, seed: number): Matrix {
  const a = randomMatrix(n, n, seed);
  const s = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s.data[i * n + j] = a.data[i * n + j]! + a.data[j * n + i]!;
  return s;
}

function checkEigen(s: Matrix, tol: number) {
  const n = s.rows;
  const { values, vectors } = symmetricEigen(s);
  for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!);
  expect(orthogonalityError(transpose(vectors))).toBeLessThan(tol);
  // S V^T = V^T diag(values)
  const sv = matmul(s, transpose(vectors));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++)
      expect(Math.abs(sv.data[k * n + i]! - values[i]! * vectors.data[i * n + k]!)).toBeLessThan(tol);
  }
  return values;
}

describe('tridiagonalization', () => {
  test('Q^T S Q is tridiagonal with the returned diagonals', () => {
    const s = randomSymmetric(7, 4);
    const { d, e, q } = tridiagonalize(s);
    const t = matmul(matmul(transpose(q), s), q);
    expect(orthogonalityError(q)).toBeLessThan(1e-14);
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 7; j++) {
        const want = i === j ? d[i]! : i === j + 1 ? e[j]! : j === i + 1 ? e[i]! : 0;
        expect(Math.abs(t.data[i * 7 + j]! - want)).toBeLessThan(1e-13);
      }
    }
  });
});

describe('symmetric eigendecomposition', () => {
  test.each([1, 2, 3, 5, 16, 33, 80])('random symmetric matrix of order %i', (n) => {
    checkEigen(randomSymmetric(n, n), 1e-12);
  });

  test('the second-difference matrix has eigenvalues 2 - 2 cos(k pi / (n + 1))', () => {
    const n = 10;
    const s = zeros(n, n);
    for (let i = 0; i < n; i++) {
      s.data[i * n + i] = 2;
      if (i > 0) s.data[i * n + i - 1] = -1;
      if (i < n - 1) s.data[i * n + i + 1] = -1;
    }
    const values = checkEigen(s, 1e-13);
    for (let k = 1; k <= n; k++) expect(values[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 13);
  });

  test('repeated eigenvalues still give an orthonormal basis', () => {
    checkEigen(identity(6), 1e-15);
    // Every eigenvalue doubled, as in the symmetric part of a rotation.
    const s = fromArray(4, 4, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -0.5, 0, 0, 0, 0, -0.5]);
    const { vectors } = symmetricEigen(randomSymmetric(4, 1)); // an orthogonal basis to rotate s by
    const rotated = matmul(matmul(transpose(vectors), s), vectors);
    const values = checkEigen(rotated, 1e-13);
    expect(Array.from(values).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([-0.5, -0.5, 1, 1]);
  });

  test('the decomposition reconstructs S', () => {
    const s = randomSymmetric(12, 8);
    const { values, vectors } = symmetricEigen(s);
    const scaled = zeros(12, 12);
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < 12; j++) scaled.data[i * 12 + j] = values[i]! * vectors.data[i * 12 + j]!;
    expect(maxAbsDiff(matmul(transpose(vectors), scaled), s)).toBeLessThan(1e-12);
  });
});
