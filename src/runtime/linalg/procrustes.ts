import { matmul } from './matmul.js';
import { type Matrix, transpose, zeros } from './matrix.js';
import { svd } from './svd.js';

/**
 * The orthogonal transform T = U V^T that best maps the rows of `a` onto those of `b` (argmin ||a T - b||, the
 * orthogonal Procrustes problem), where U S V^T is the SVD of a^T b. It is kept factored: for wide inputs T has
 * rank n only and the factors are d x n, which is all that a T and b T^T ever need.
 */
export interface OrthogonalTransform {
  /** d x k. */
  readonly u: Matrix;
  /** d x k. */
  readonly v: Matrix;
}

/**
 * a, b: n x d. With `cancelReflection` the last singular pair is flipped when needed so that det(T) = +1 (a proper
 * rotation, which has real fractional powers).
 *
 * The reference switches to a randomized low-rank SVD of the d x d matrix a^T b when n + 10 < d. That matrix has
 * rank at most n, and the randomized basis spans its range exactly, so its extra columns only add directions that
 * the rows of a and b have no component along. The same transform restricted to those rows comes out of an exact
 * SVD of a small problem: with b^T = Q_b R_b (here from the thin SVD of b^T), a^T b = (a^T R_b^T) Q_b^T, and the
 * d x n matrix a^T R_b^T is decomposed instead of the d x d one.
 */
export function orthogonalProcrustes(a: Matrix, b: Matrix, cancelReflection: boolean): OrthogonalTransform {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError('procrustes: shapes differ');
  const n = a.rows;
  const d = a.cols;
  const at = transpose(a);

  if (!cancelReflection && n + 10 < d) {
    const bs = svd(transpose(b)); // b^T = Ub Sb Wb^T: Q_b = Ub, R_b = Sb Wb^T
    const k = bs.s.length;
    const rbt = zeros(n, k); // R_b^T = Wb Sb
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) rbt.data[i * k + j] = bs.v.data[i * k + j]! * bs.s[j]!;
    const small = svd(matmul(at, rbt)); // d x k = Uc S Wc^T
    return { u: small.u, v: matmul(bs.u, small.v) };
  }

  const m = svd(matmul(at, b));
  if (cancelReflection && m.orientation < 0) {
    // Flip the direction of the smallest singular value: the cheapest way to a proper rotation.
    const k = m.u.cols;
    for (let i = 0; i < m.u.rows; i++) m.u.data[i * k + k - 1] = -m.u.data[i * k + k - 1]!;
  }
  return { u: m.u, v: m.v };
}

/** T = U V^T as a dense d x d matrix. */
export function denseTransform(t: OrthogonalTransform): Matrix {
  return matmul(t.u, transpose(t.v));
}

/** x T = (x U) V^T. */
export function applyTransform(x: Matrix, t: OrthogonalTransform): Matrix {
  return matmul(matmul(x, t.u), transpose(t.v));
}

/** x T^T = (x V) U^T. */
export function applyTransformTransposed(x: Matrix, t: OrthogonalTransform): Matrix {
  return matmul(matmul(x, t.v), transpose(t.u));
}
