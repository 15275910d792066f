import { makeReflector } from './householder.js';
import type { Matrix } from './matrix.js';
import { accumulateReflectors, reflectorScratch } from './reflectors.js';
import { Workspace, ptr } from './wasm/workspace.js';

export interface Tridiagonal {
  /** Diagonal, length n. */
  readonly d: Float64Array;
  /** Sub-diagonal: e[i] couples i and i + 1; length n (the last entry is 0). */
  readonly e: Float64Array;
}

/** Workspace doubles `tridiagonalizeIn` needs besides S and Q. */
export function tridiagonalScratch(n: number): number {
  return n * n + 2 * n + reflectorScratch(n, n);
}

/**
 * Householder reduction of a symmetric matrix (in the workspace) to tridiagonal form, writing the orthogonal Q
 * with Q^T S Q tridiagonal to `q`. Only the lower triangle of `a` is read and updated (it is overwritten), which
 * halves the memory traffic of the symmetric matrix-vector product and of the rank-2 update that dominate.
 */
export function tridiagonalizeIn(ws: Workspace, a: Float64Array, n: number, q: Float64Array): Tridiagonal {
  const { fn } = ws;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const r = Math.max(0, n - 2);
  const betas = new Float64Array(r);
  const mark = ws.mark();
  // Row k holds reflector k, nonzero from column k + 1.
  const vs = ws.f64(r * n);
  const v = ws.f64(n);
  const p = ws.f64(n);
  const rowBytes = n * 8;

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

    // p = beta * A22 v, then w = p - (beta/2)(p.v) v, then A22 -= v w^T + w v^T.
    p.fill(0, 0, len);
    const sub = ptr(a, base * n + base);
    fn.symv_lower(sub, rowBytes, len, ptr(v), ptr(p));
    let pv = 0;
    for (let i = 0; i < len; i++) {
      p[i] = p[i]! * beta;
      pv += p[i]! * v[i]!;
    }
    const half = 0.5 * beta * pv;
    for (let i = 0; i < len; i++) p[i] = p[i]! - half * v[i]!;
    fn.syr2_lower(sub, rowBytes, len, ptr(v), ptr(p));
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2]!;
    e[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  if (n >= 1) d[n - 1] = a[(n - 1) * n + n - 1]!;

  accumulateReflectors(ws, vs, betas, r, n, n, 1, q);
  ws.release(mark);
  return { d, e };
}

/** tridiagonalizeIn on a copy, with Q returned as an ordinary matrix. */
export function tridiagonalize(s: Matrix): Tridiagonal & { q: Matrix } {
  const n = s.rows;
  if (s.cols !== n) throw new RangeError('tridiagonalize needs a square matrix');
  const ws = new Workspace(2 * n * n + tridiagonalScratch(n));
  const a = ws.copy(s.data);
  const q = ws.f64(n * n);
  const { d, e } = tridiagonalizeIn(ws, a, n, q);
  return { d, e, q: { rows: n, cols: n, data: q.slice() } };
}
