import { makeReflector } from './householder.js';
import type { Matrix } from './matrix.js';
import { accumulateReflectors } from './reflectors.js';

export interface Bidiagonal {
  /** Diagonal of B, length n. */
  readonly d: Float64Array;
  /** Super-diagonal: e[i] = B[i][i+1]; length n (the last entry is 0). */
  readonly e: Float64Array;
  /** m x n with orthonormal columns. */
  readonly u: Matrix;
  /** n x n orthogonal. */
  readonly v: Matrix;
}

/**
 * Golub-Kahan Householder bidiagonalization of a tall matrix (m >= n): A = U B V^T with B upper bidiagonal.
 * Reflectors alternate from the left (zeroing column k below the diagonal) and from the right (zeroing row k past
 * the super-diagonal); all updates run along contiguous rows.
 */
export function bidiagonalize(matrix: Matrix): Bidiagonal {
  const m = matrix.rows;
  const n = matrix.cols;
  if (m < n) throw new RangeError('bidiagonalize needs rows >= cols');
  const a = matrix.data.slice();
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const rightCount = Math.max(0, n - 2);
  const betasL = new Float64Array(n);
  const betasR = new Float64Array(rightCount);
  const vsL = new Float64Array(n * m);
  const vsR = new Float64Array(rightCount * n);
  const x = new Float64Array(m);
  const w = new Float64Array(n);

  for (let k = 0; k < n; k++) {
    // Left reflector: column k, rows k..m-1.
    const len = m - k;
    for (let i = 0; i < len; i++) x[i] = a[(k + i) * n + k]!;
    const left = makeReflector(x, 0, len);
    d[k] = left.alpha;
    betasL[k] = left.beta;
    vsL.set(x.subarray(0, len), k * m + k);
    const width = n - k - 1;
    if (left.beta !== 0 && width > 0) {
      w.fill(0, 0, width);
      for (let i = 0; i < len; i++) {
        const xi = x[i]!;
        if (xi === 0) continue;
        const r = (k + i) * n + k + 1;
        for (let j = 0; j < width; j++) w[j] += xi * a[r + j]!;
      }
      for (let i = 0; i < len; i++) {
        const f = left.beta * x[i]!;
        if (f === 0) continue;
        const r = (k + i) * n + k + 1;
        for (let j = 0; j < width; j++) a[r + j] -= f * w[j]!;
      }
    }

    if (k < n - 2) {
      // Right reflector: row k, columns k+1..n-1 (w is free again and holds it).
      const r0 = k * n + k + 1;
      for (let j = 0; j < width; j++) w[j] = a[r0 + j]!;
      const right = makeReflector(w, 0, width);
      e[k] = right.alpha;
      betasR[k] = right.beta;
      vsR.set(w.subarray(0, width), k * n + k + 1);
      if (right.beta !== 0) {
        for (let i = k + 1; i < m; i++) {
          const r = i * n + k + 1;
          let s = 0;
          for (let j = 0; j < width; j++) s += a[r + j]! * w[j]!;
          s *= right.beta;
          if (s === 0) continue;
          for (let j = 0; j < width; j++) a[r + j] -= s * w[j]!;
        }
      }
    } else if (k === n - 2) {
      e[k] = a[k * n + k + 1]!;
    }
  }

  const u = accumulateReflectors(vsL, betasL, n, m, n, 0);
  const v = accumulateReflectors(vsR, betasR, rightCount, n, n, 1);
  return { d, e, u: { rows: m, cols: n, data: u }, v: { rows: n, cols: n, data: v } };
}
