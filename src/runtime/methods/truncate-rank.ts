import { copyTensor, fromDoubles, numberHyper, roundHalfEven } from '../linalg/blend.js';
import { matmul } from '../linalg/matmul.js';
import { type Matrix, fromArray, transpose } from '../linalg/matrix.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import { type Kernel, elementCount } from './kernel.js';

/**
 * truncate_rank(delta; rank = 8, ratio = null): the best approximation of the delta, flattened to one row per output
 * channel, by a matrix of the given rank (Eckart-Young: keep the largest singular values; computed exactly, where
 * the reference's default is a randomized approximation). `ratio`,
 * when given, sets the rank to round(ratio * min(rows, cols)) instead, as get_rank_from_ratio does. Vectors pass
 * through unchanged, and so does a delta whose rank is not reduced.
 */
export const truncateRank: Kernel = (inputs, hypers, ctx) => {
  const [a] = inputs;
  if (!a) throw new RangeError('truncate_rank takes one tensor');
  if (a.shape.length < 2) return copyTensor(a, ctx);
  const rows = a.shape[0]!;
  const total = elementCount(a.shape);
  const cols = rows === 0 ? 0 : total / rows;
  const maxRank = Math.min(rows, cols);
  const ratio = hypers['ratio'];
  const wanted =
    ratio === undefined || ratio === null
      ? roundHalfEven(numberHyper(hypers, 'rank', 8))
      : roundHalfEven(maxRank * numberHyper(hypers, 'ratio', 0.5));
  const target = Math.min(Math.max(wanted, 0), maxRank);
  if (target === maxRank) return copyTensor(a, ctx);
  if (target === 0) return { shape: [...a.shape], data: ctx.alloc(total) };

  const m = fromArray(rows, cols, a.data);
  const out = rows <= cols ? project(m, target) : transpose(project(transpose(m), target));
  return fromDoubles(a.shape, out.data, ctx);
};

/**
 * The best rank-r approximation of a wide matrix A (rows <= cols) as U_r U_r^T A, where U_r holds the top r
 * eigenvectors of the small Gram matrix A A^T (its left singular vectors). The Gram route never forms the long
 * singular vectors nor rotates them, which for a 1280 x 11520 conv is most of an SVD's work; squaring the
 * singular values costs accuracy only in the smallest ones, which truncation drops.
 */
function project(a: Matrix, r: number): Matrix {
  const n = a.rows;
  const { vectors } = symmetricEigen(matmul(a, transpose(a)));
  // Eigenvalues ascend: the last r rows of `vectors` span the kept subspace.
  const ur: Matrix = { rows: r, cols: n, data: vectors.data.slice((n - r) * n) };
  return matmul(transpose(ur), matmul(ur, a));
}
