import { copyTensor, fromDoubles, numberHyper, roundHalfEven } from '../linalg/blend.js';
import { fromArray } from '../linalg/matrix.js';
import { svd } from '../linalg/svd.js';
import { type Kernel, elementCount } from './kernel.js';

/**
 * truncate_rank(delta; rank = 8, ratio = null): the best approximation of the delta, flattened to one row per output
 * channel, by a matrix of the given rank (Eckart-Young: keep the largest singular values of an exact SVD). `ratio`,
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

  const { u, s, v } = svd(fromArray(rows, cols, a.data));
  const k = s.length;
  const out = new Float64Array(total);
  for (let i = 0; i < rows; i++) {
    for (let r = 0; r < target; r++) {
      const w = u.data[i * k + r]! * s[r]!;
      if (w === 0) continue;
      for (let j = 0; j < cols; j++) out[i * cols + j] += w * v.data[j * k + r]!;
    }
  }
  return fromDoubles(a.shape, out, ctx);
};
