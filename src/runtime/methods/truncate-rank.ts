import { copyTensor, fromDoubles } from '../linalg/blend.js';
import { numberHyper, pythonRound } from './hypers.js';
import { matmul } from '../linalg/matmul.js';
import { type Matrix, fromArray, transpose } from '../linalg/matrix.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import { type Kernel, elementCount } from './kernel.js';

/**
 * truncate_rank(delta; rank_ratio = 0.5, rank = null): the best approximation of the delta, flattened to one row per
 * output channel, by a matrix of lower rank (Eckart-Young: keep the largest singular values; computed exactly, where
 * the reference's default is a randomized approximation). The rank kept is `rank` when set, else
 * round(rank_ratio * min(rows, cols)) as get_rank_from_ratio computes it (0 gives zeros). Vectors pass through
 * unchanged, and so does a delta whose rank is not reduced.
 */
export const truncateRank: Kernel = (inputs, hypers, ctx) => {
  const [a] = inputs;
  if (!a) throw new RangeError('truncate_rank takes one tensor');
  if (a.shape.length < 2) return copyTensor(a, ctx);
  const rows = a.shape[0]!;
  const total = elementCount(a.shape);
  const cols = rows === 0 ? 0 : total / rows;
  const maxRank = Math.min(rows, cols);
  const rank = hypers['rank'];
  const ratio = numberHyper(hypers, 'rank_ratio', 0.5);
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError(`truncate_rank: rank_ratio must be in [0, 1], got ${ratio}`);
  const wanted = rank === undefined || rank === null ? pythonRound(maxRank * ratio) : pythonRound(numberHyper(hypers, 'rank', 1));
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
