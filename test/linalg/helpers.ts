import { matmul } from '../../src/runtime/linalg/matmul.js';
import { type Matrix, transpose, zeros } from '../../src/runtime/linalg/matrix.js';
import { svd } from '../../src/runtime/linalg/svd.js';
import { seededNormal } from './random.js';

export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const g = seededNormal(seed);
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = g();
  return m;
}

/** A random orthogonal matrix (U V^T of a random matrix), optionally forced to det +1 by flipping a column. */
export function randomOrthogonal(n: number, seed: number): Matrix {
  const { u, v } = svd(randomMatrix(n, n, seed));
  return matmul(u, transpose(v));
}

/** max |M^T M - I|. */
export function orthogonalityError(m: Matrix): number {
  const g = matmul(transpose(m), m);
  let e = 0;
  for (let i = 0; i < g.rows; i++)
    for (let j = 0; j < g.cols; j++) e = Math.max(e, Math.abs(g.data[i * g.cols + j]! - (i === j ? 1 : 0)));
  return e;
}

export function naiveMatmul(a: Matrix, b: Matrix): Matrix {
  const c = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let k = 0; k < a.cols; k++) s += a.data[i * a.cols + k]! * b.data[k * b.cols + j]!;
      c.data[i * b.cols + j] = s;
    }
  }
  return c;
}

/** U diag(s) V^T. */
export function reconstruct(u: Matrix, s: Float64Array, v: Matrix): Matrix {
  const us = zeros(u.rows, u.cols);
  for (let i = 0; i < u.rows; i++)
    for (let j = 0; j < u.cols; j++) us.data[i * u.cols + j] = u.data[i * u.cols + j]! * s[j]!;
  return matmul(us, transpose(v));
}
