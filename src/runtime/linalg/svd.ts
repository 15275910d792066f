import { bidiagonalize } from './bidiagonal.js';
import { type Matrix, transpose } from './matrix.js';
import { rotateColumnPair, rotateColumnsAscending } from './rotations.js';

/** Thin SVD A = U diag(s) V^T with k = min(m, n) singular values in decreasing order. */
export interface Svd {
  /** m x k, orthonormal columns. */
  readonly u: Matrix;
  /** Length k, non-negative, decreasing. */
  readonly s: Float64Array;
  /** n x k, orthonormal columns (V, not V^T). */
  readonly v: Matrix;
}

const EPS = 2 ** -52;
const TINY = 2 ** -966;
const MAX_SWEEPS_PER_VALUE = 75;

/**
 * Singular value decomposition: Householder bidiagonalization, then implicit-shift QR sweeps on the bidiagonal
 * (Golub-Kahan), whose rotations are applied to U and V one whole sweep at a time. Fully orthogonal singular vectors
 * come out even for rank-deficient input, which the Procrustes rotation needs (the reference's null directions).
 */
export function svd(a: Matrix): Svd {
  if (a.rows < a.cols) {
    const t = svd(transpose(a));
    return { u: t.v, s: t.s, v: t.u };
  }
  const m = a.rows;
  const n = a.cols;
  if (n === 0) return { u: { rows: m, cols: 0, data: new Float64Array(0) }, s: new Float64Array(0), v: a };

  // Work on a copy scaled to unit max-abs so the squares in the shift can neither overflow nor underflow.
  let scale = 0;
  for (let i = 0; i < a.data.length; i++) scale = Math.max(scale, Math.abs(a.data[i]!));
  if (!Number.isFinite(scale)) throw new RangeError('svd of a matrix with non-finite entries');
  const scaled = a.data.slice();
  if (scale > 0) for (let i = 0; i < scaled.length; i++) scaled[i] = scaled[i]! / scale;

  const { d, e, u, v } = bidiagonalize({ rows: m, cols: n, data: scaled });
  diagonalizeBidiagonal(d, e, u, v);

  // Non-negative values (a sign moves into V), then decreasing order.
  for (let i = 0; i < n; i++) {
    if (d[i]! < 0) {
      d[i] = -d[i]!;
      for (let r = 0; r < n; r++) v.data[r * n + i] = -v.data[r * n + i]!;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y]! - d[x]!);
  const s = new Float64Array(n);
  const uo = new Float64Array(m * n);
  const vo = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j]!;
    s[j] = d[src]! * scale;
    for (let r = 0; r < m; r++) uo[r * n + j] = u.data[r * n + src]!;
    for (let r = 0; r < n; r++) vo[r * n + j] = v.data[r * n + src]!;
  }
  return { u: { rows: m, cols: n, data: uo }, s, v: { rows: n, cols: n, data: vo } };
}

/**
 * Drives the upper bidiagonal (d, e) to diagonal form, updating U (m x n) and V (n x n) so that U B V^T is kept.
 */
function diagonalizeBidiagonal(d: Float64Array, e: Float64Array, u: Matrix, v: Matrix): void {
  const n = d.length;
  const m = u.rows;
  const cr = new Float64Array(n);
  const sr = new Float64Array(n);
  const cl = new Float64Array(n);
  const sl = new Float64Array(n);
  const negligible = (x: number, scaleOf: number) => Math.abs(x) <= TINY + EPS * scaleOf;
  let sweeps = 0;
  let hi = n - 1;
  e[n - 1] = 0;

  while (hi > 0) {
    if (negligible(e[hi - 1]!, Math.abs(d[hi - 1]!) + Math.abs(d[hi]!))) {
      e[hi - 1] = 0;
      hi--;
      continue;
    }
    // The unreduced block lo..hi: every coupling inside it is significant.
    let lo = hi - 1;
    while (lo > 0) {
      if (negligible(e[lo - 1]!, Math.abs(d[lo - 1]!) + Math.abs(d[lo]!))) {
        e[lo - 1] = 0;
        break;
      }
      lo--;
    }

    // A negligible diagonal entry splits the block once its coupling is rotated away.
    let zero = -1;
    for (let i = hi; i >= lo; i--) {
      const around = (i < hi ? Math.abs(e[i]!) : 0) + (i > lo ? Math.abs(e[i - 1]!) : 0);
      if (negligible(d[i]!, around)) {
        zero = i;
        break;
      }
    }
    if (zero >= 0) {
      d[zero] = 0;
      if (zero === hi) chaseColumnUp(d, e, v, lo, hi);
      else chaseRowRight(d, e, u, zero, hi, m);
      continue;
    }

    if (++sweeps > MAX_SWEEPS_PER_VALUE * n) throw new Error('svd did not converge');
    qrSweep(d, e, lo, hi, cr, sr, cl, sl);
    rotateColumnsAscending(v.data, n, n, lo, hi, cr, sr);
    rotateColumnsAscending(u.data, m, n, lo, hi, cl, sl);
  }
}

/** One implicit QR step on the block lo..hi with the Wilkinson shift of the trailing 2x2 of B^T B. */
function qrSweep(
  d: Float64Array,
  e: Float64Array,
  lo: number,
  hi: number,
  cr: Float64Array,
  sr: Float64Array,
  cl: Float64Array,
  sl: Float64Array,
): void {
  const dp = d[hi - 1]!;
  const dq = d[hi]!;
  const ep = e[hi - 1]!;
  const eb = hi - 1 > lo ? e[hi - 2]! : 0;
  const t11 = dp * dp + eb * eb;
  const t12 = dp * ep;
  const t22 = dq * dq + ep * ep;
  const half = (t11 - t22) / 2;
  const root = Math.hypot(half, t12);
  const denom = half + (half >= 0 ? root : -root);
  const shift = denom === 0 ? t22 - Math.abs(t12) : t22 - (t12 * t12) / denom;

  let y = d[lo]! * d[lo]! - shift;
  let z = d[lo]! * e[lo]!;
  for (let k = lo; k < hi; k++) {
    // Right rotation on columns k, k+1: zeroes z against y (the shifted first column, then the bulge).
    let r = Math.hypot(y, z);
    let c = r === 0 ? 1 : y / r;
    let s = r === 0 ? 0 : z / r;
    if (k > lo) e[k - 1] = r;
    const dk = d[k]!;
    const ek = e[k]!;
    const dk1 = d[k + 1]!;
    d[k] = c * dk + s * ek;
    e[k] = c * ek - s * dk;
    let bulge = s * dk1;
    d[k + 1] = c * dk1;
    cr[k] = c;
    sr[k] = s;

    // Left rotation on rows k, k+1: zeroes the bulge below the diagonal.
    r = Math.hypot(d[k]!, bulge);
    c = r === 0 ? 1 : d[k]! / r;
    s = r === 0 ? 0 : bulge / r;
    d[k] = r;
    const ek2 = e[k]!;
    const dk2 = d[k + 1]!;
    e[k] = c * ek2 + s * dk2;
    d[k + 1] = c * dk2 - s * ek2;
    if (k < hi - 1) {
      const ek1 = e[k + 1]!;
      bulge = s * ek1;
      e[k + 1] = c * ek1;
      y = e[k]!;
      z = bulge;
    }
    cl[k] = c;
    sl[k] = s;
  }
}

/** d[hi] = 0: rotate e[hi-1] up through column hi with right rotations until it leaves the block. */
function chaseColumnUp(d: Float64Array, e: Float64Array, v: Matrix, lo: number, hi: number): void {
  let f = e[hi - 1]!;
  e[hi - 1] = 0;
  for (let j = hi - 1; j >= lo; j--) {
    const r = Math.hypot(d[j]!, f);
    const c = d[j]! / r;
    const s = f / r;
    d[j] = r;
    if (j > lo) {
      f = -s * e[j - 1]!;
      e[j - 1] = c * e[j - 1]!;
    }
    rotateColumnPair(v.data, v.rows, v.cols, j, hi, c, s);
  }
}

/** d[i] = 0 with i < hi: rotate e[i] right along row i with left rotations until it leaves the block. */
function chaseRowRight(d: Float64Array, e: Float64Array, u: Matrix, i: number, hi: number, m: number): void {
  let f = e[i]!;
  e[i] = 0;
  for (let j = i + 1; j <= hi; j++) {
    const r = Math.hypot(d[j]!, f);
    const c = d[j]! / r;
    const s = f / r;
    d[j] = r;
    if (j < hi) {
      f = -s * e[j]!;
      e[j] = c * e[j]!;
    }
    rotateColumnPair(u.data, m, u.cols, j, i, c, s);
  }
}
