import { makeReflector } from './householder.js';
import type { Matrix } from './matrix.js';
import { accumulateReflectors } from './reflectors.js';

export interface Tridiagonal {
  /** Diagonal, length n. */
  readonly d: Float64Array;
  /** Sub-diagonal: e[i] couples i and i + 1; length n (the last entry is 0). */
  readonly e: Float64Array;
  /** Orthogonal Q with Q^T S Q tridiagonal. */
  readonly q: Matrix;
}

/**
 * Householder reduction of a symmetric matrix to tridiagonal form. Only the lower triangle is read and updated,
 * which halves the memory traffic of the symmetric matrix-vector product and of the rank-2 update that dominate.
 */
export function tridiagonalize(s: Matrix): Tridiagonal {
  const n = s.rows;
  if (s.cols !== n) throw new RangeError('tridiagonalize needs a square matrix');
  const a = s.data.slice();
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const r = Math.max(0, n - 2);
  const betas = new Float64Array(r);
  // Row k holds reflector k, nonzero from column k + 1.
  const vs = new Float64Array(r * n);
  const v = new Float64Array(n);
  const p = new Float64Array(n);

  for (let k = 0; k < r; k++) {
    const len = n - k - 1;
    const base = k + 1;
    for (let i = 0; i < len; i++) v[i] = a[(base + i) * n + k]!;
    const { beta, alpha } = makeReflector(v, 0, len);
    d[k] = a[k * n + k]!;
    e[k] = alpha;
    betas[k] = beta;
    vs.set(v.subarray(0, len), k * n + base);
    if (beta === 0) continue;

    // p = beta * A22 v, reading each lower-triangle row once for both halves of the symmetric product.
    p.fill(0, 0, len);
    for (let i = 0; i < len; i++) {
      const row = (base + i) * n + base;
      const vi = v[i]!;
      let sum = 0;
      for (let j = 0; j < i; j++) {
        const aij = a[row + j]!;
        sum += aij * v[j]!;
        p[j] += aij * vi;
      }
      p[i] += sum + a[row + i]! * vi;
    }
    let pv = 0;
    for (let i = 0; i < len; i++) {
      p[i] = p[i]! * beta;
      pv += p[i]! * v[i]!;
    }
    // w = p - (beta/2)(p.v) v, then A22 -= v w^T + w v^T.
    const half = 0.5 * beta * pv;
    for (let i = 0; i < len; i++) p[i] = p[i]! - half * v[i]!;
    for (let i = 0; i < len; i++) {
      const row = (base + i) * n + base;
      const vi = v[i]!;
      const wi = p[i]!;
      for (let j = 0; j <= i; j++) a[row + j] -= vi * p[j]! + wi * v[j]!;
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2]!;
    e[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  if (n >= 1) d[n - 1] = a[(n - 1) * n + n - 1]!;

  const q = accumulateReflectors(vs, betas, r, n, n, 1);
  return { d, e, q: { rows: n, cols: n, data: q } };
}
