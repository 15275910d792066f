import { describe, expect, test } from 'vitest';
import { determinantSign } from '../../src/runtime/linalg/determinant.js';
import { matmul } from '../../src/runtime/linalg/matmul.js';
import { maxAbsDiff, transpose } from '../../src/runtime/linalg/matrix.js';
import {
  applyTransform,
  applyTransformTransposed,
  denseTransform,
  orthogonalProcrustes,
} from '../../src/runtime/linalg/procrustes.js';
import { svd } from '../../src/runtime/linalg/svd.js';
import { orthogonalityError, randomMatrix, randomOrthogonal } from './helpers.js';

function frobenius(x: ReturnType<typeof randomMatrix>): number {
  let s = 0;
  for (const v of x.data) s += v * v;
  return Math.sqrt(s);
}

describe('orthogonal Procrustes', () => {
  test('recovers the rotation that maps a onto b = a Q', () => {
    const a = randomMatrix(20, 6, 1);
    const q = randomOrthogonal(6, 2);
    const b = matmul(a, q);
    const t = orthogonalProcrustes(a, b, false);
    expect(maxAbsDiff(denseTransform(t), q)).toBeLessThan(1e-12);
    expect(maxAbsDiff(applyTransform(a, t), b)).toBeLessThan(1e-12);
    expect(maxAbsDiff(applyTransformTransposed(b, t), a)).toBeLessThan(1e-12);
  });

  test('the transform is orthogonal and beats other orthogonal matrices', () => {
    const a = randomMatrix(15, 5, 3);
    const b = randomMatrix(15, 5, 4);
    const t = denseTransform(orthogonalProcrustes(a, b, false));
    expect(orthogonalityError(t)).toBeLessThan(1e-13);
    const best = frobenius(sub(matmul(a, t), b));
    for (let seed = 10; seed < 20; seed++) {
      expect(best).toBeLessThanOrEqual(frobenius(sub(matmul(a, randomOrthogonal(5, seed)), b)) + 1e-12);
    }
  });

  test('cancelling the reflection gives a proper rotation', () => {
    let flipped = 0;
    for (let seed = 0; seed < 8; seed++) {
      const a = randomMatrix(10, 4, 100 + seed);
      const b = randomMatrix(10, 4, 200 + seed);
      const plain = denseTransform(orthogonalProcrustes(a, b, false));
      const proper = denseTransform(orthogonalProcrustes(a, b, true));
      expect(determinantSign(proper)).toBe(1);
      expect(orthogonalityError(proper)).toBeLessThan(1e-13);
      if (determinantSign(plain) < 0) flipped++;
      else expect(maxAbsDiff(plain, proper)).toBeLessThan(1e-13);
    }
    expect(flipped).toBeGreaterThan(0);
  });

  test('wide inputs: the factored transform acts on the rows of a and b like the full d x d one', () => {
    // n + 10 < d, rows centered as rotate does, so a^T b has rank n - 1.
    const n = 6;
    const d = 30;
    const a = center(randomMatrix(n, d, 5));
    const b = center(randomMatrix(n, d, 6));
    const t = orthogonalProcrustes(a, b, false);
    expect(t.u.cols).toBe(n);
    const m = svd(matmul(transpose(a), b));
    const full = matmul(m.u, transpose(m.v));
    expect(maxAbsDiff(applyTransform(a, t), matmul(a, full))).toBeLessThan(1e-12);
    expect(maxAbsDiff(applyTransformTransposed(b, t), matmul(b, transpose(full)))).toBeLessThan(1e-12);
  });
});

function sub(x: ReturnType<typeof randomMatrix>, y: ReturnType<typeof randomMatrix>) {
  return { rows: x.rows, cols: x.cols, data: x.data.map((v, i) => v - y.data[i]!) };
}

function center(x: ReturnType<typeof randomMatrix>) {
  for (let j = 0; j < x.cols; j++) {
    let mean = 0;
    for (let i = 0; i < x.rows; i++) mean += x.data[i * x.cols + j]! / x.rows;
    for (let i = 0; i < x.rows; i++) x.data[i * x.cols + j] -= mean;
  }
  return x;
}
