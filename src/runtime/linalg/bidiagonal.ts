import { makeReflector } from './householder.js';
import type { Matrix } from './matrix.js';
import { accumulateReflectors, reflectorScratch } from './reflectors.js';
import { Workspace, ptr } from './wasm/workspace.js';

export interface Bidiagonal {
  /** Diagonal of B, length n. */
  readonly d: Float64Array;
  /** Super-diagonal: e[i] = B[i][i+1]; length n (the last entry is 0). */
  readonly e: Float64Array;
  /** How many of the reflectors are proper reflections (determinant -1); the rest are the identity. */
  readonly reflections: number;
}

/** Workspace doubles `bidiagonalizeIn` needs besides A, U and V. */
export function bidiagonalScratch(m: number, n: number): number {
  return n * m + n * n + 2 * m + 3 * n + reflectorScratch(m, n) + reflectorScratch(n, n);
}

/**
 * Golub-Kahan Householder bidiagonalization of a tall matrix (m >= n) held in the workspace: A = U B V^T with B
 * upper bidiagonal. Left reflectors zero column k below the diagonal, right ones row k past the super-diagonal.
 * Every update runs along contiguous rows in the SIMD kernels, and the left reflector's rank-1 update is fused
 * with the right reflector row by row, so each step streams the trailing matrix through memory twice. `a` is
 * overwritten; U (m x n) and V (n x n) are written to `u` and `v`.
 */
export function bidiagonalizeIn(
  ws: Workspace,
  a: Float64Array,
  m: number,
  n: number,
  u: Float64Array,
  v: Float64Array,
): Bidiagonal {
  if (m < n) throw new RangeError('bidiagonalize needs rows >= cols');
  const { fn } = ws;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const rightCount = Math.max(0, n - 2);
  const betasL = new Float64Array(n);
  const betasR = new Float64Array(rightCount);
  const mark = ws.mark();
  const vsL = ws.f64(n * m);
  const vsR = ws.f64(rightCount * n);
  const x = ws.f64(m);
  const w = ws.f64(n);
  const vr = ws.f64(n);
  const rowBytes = n * 8;

  for (let k = 0; k < n; k++) {
    // Left reflector: column k, rows k..m-1.
    const len = m - k;
    for (let i = 0; i < len; i++) x[i] = a[(k + i) * n + k]!;
    const left = makeReflector(x, 0, len);
    d[k] = left.alpha;
    betasL[k] = left.beta;
    vsL.set(x.subarray(0, len), k * m + k);
    const width = n - k - 1;
    if (width === 0) continue;
    // w = x^T A[k:, k+1:]; the left update of row k comes first because the right reflector is built from it.
    const sub = ptr(a, k * n + k + 1);
    if (left.beta !== 0) {
      w.fill(0, 0, width);
      fn.gemv_t(sub, rowBytes, len, width, ptr(x), ptr(w));
      fn.axpy(sub, ptr(w), width, -left.beta * x[0]!);
    }

    if (k < n - 2) {
      // Right reflector from row k, columns k+1..n-1.
      const rv = vr.subarray(0, width);
      rv.set(a.subarray(k * n + k + 1, k * n + n));
      const right = makeReflector(rv, 0, width);
      e[k] = right.alpha;
      betasR[k] = right.beta;
      vsR.set(rv, k * n + k + 1);
      // Rows below k: the rest of the left update and the right one, in one pass.
      fn.left_right_rows(
        ptr(a, (k + 1) * n + k + 1),
        rowBytes,
        len - 1,
        width,
        ptr(x, 1),
        ptr(w),
        left.beta === 0 ? 0 : -left.beta,
        ptr(vr),
        right.beta,
      );
    } else {
      if (left.beta !== 0)
        fn.rank1(ptr(a, (k + 1) * n + k + 1), rowBytes, len - 1, width, ptr(x, 1), ptr(w), -left.beta);
      e[k] = a[k * n + k + 1]!;
    }
  }

  accumulateReflectors(ws, vsL, betasL, n, m, n, 0, u);
  accumulateReflectors(ws, vsR, betasR, rightCount, n, n, 1, v);
  ws.release(mark);
  let reflections = 0;
  for (const b of betasL) if (b !== 0) reflections++;
  for (const b of betasR) if (b !== 0) reflections++;
  return { d, e, reflections };
}

/** bidiagonalizeIn on a copy, with U and V returned as ordinary matrices. */
export function bidiagonalize(matrix: Matrix): Bidiagonal & { u: Matrix; v: Matrix } {
  const { rows: m, cols: n } = matrix;
  const ws = new Workspace(2 * m * n + n * n + bidiagonalScratch(m, n));
  const a = ws.copy(matrix.data);
  const u = ws.f64(m * n);
  const v = ws.f64(n * n);
  const { d, e, reflections } = bidiagonalizeIn(ws, a, m, n, u, v);
  return { d, e, reflections, u: { rows: m, cols: n, data: u.slice() }, v: { rows: n, cols: n, data: v.slice() } };
}
