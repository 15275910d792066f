import { bidiagonalScratch, bidiagonalizeIn } from './bidiagonal.js';
import { type Matrix, transpose } from './matrix.js';
import { type LinalgKernels, type Workspace, acquireWorkspace, ptr, releaseWorkspace } from './wasm/workspace.js';

/** Thin SVD A = U diag(s) V^T with k = min(m, n) singular values in decreasing order. */
export interface Svd {
  /** m x k, orthonormal columns. */
  readonly u: Matrix;
  /** Length k, non-negative, decreasing. */
  readonly s: Float64Array;
  /** n x k, orthonormal columns (V, not V^T). */
  readonly v: Matrix;
  /**
   * det(U) det(V), +1 or -1, for a square A (so U and V are square): the sign of det(U V^T). Householder
   * reflections have determinant -1, plane rotations +1, a singular value's sign moved into V flips one column, and
   * the sort permutes U and V alike; so this is counted along the way instead of factoring U and V again.
   */
  readonly orientation: number;
}

const EPS = 2 ** -52;
const TINY = 2 ** -966;
const MAX_SWEEPS_PER_VALUE = 75;

/**
 * Singular value decomposition: Householder bidiagonalization, then implicit-shift QR sweeps on the bidiagonal
 * (Golub-Kahan), whose rotations are applied to the rows of U^T and V^T by the SIMD kernels. Fully orthogonal
 * singular vectors come out even for rank-deficient input, which the Procrustes rotation needs (the reference's
 * null directions).
 */
export function svd(a: Matrix): Svd {
  if (a.rows < a.cols) {
    const t = svd(transpose(a));
    return { u: t.v, s: t.s, v: t.u, orientation: t.orientation };
  }
  const m = a.rows;
  const n = a.cols;
  if (n === 0)
    return { u: { rows: m, cols: 0, data: new Float64Array(0) }, s: new Float64Array(0), v: a, orientation: 1 };

  // Work on a copy scaled to unit max-abs so the squares in the shift can neither overflow nor underflow.
  let scale = 0;
  for (let i = 0; i < a.data.length; i++) scale = Math.max(scale, Math.abs(a.data[i]!));
  if (!Number.isFinite(scale)) throw new RangeError('svd of a matrix with non-finite entries');
  const ws = acquireWorkspace(4 * m * n + 2 * n * n + 4 * n + bidiagonalScratch(m, n));
  try {
    return decompose(ws, a, m, n, scale);
  } finally {
    releaseWorkspace(ws);
  }
}

function decompose(ws: Workspace, a: Matrix, m: number, n: number, scale: number): Svd {
  const a0 = ws.copy(a.data);
  if (scale > 0) for (let i = 0; i < a0.length; i++) a0[i] = a0[i]! / scale;
  const u = ws.f64(m * n);
  const v = ws.f64(n * n);
  const { d, e, reflections } = bidiagonalizeIn(ws, a0, m, n, u, v);
  let flips = reflections;
  // Singular vectors as rows, so that every plane rotation is a pass over two contiguous rows.
  const ut = ws.f64(n * m);
  const vt = ws.f64(n * n);
  transposeInto(u, m, n, ut);
  transposeInto(v, n, n, vt);
  diagonalizeBidiagonal(ws, d, e, ut, m, vt);

  // Non-negative values (a sign moves into V), then decreasing order.
  for (let i = 0; i < n; i++) {
    if (d[i]! < 0) {
      flips++;
      d[i] = -d[i]!;
      for (let r = 0; r < n; r++) vt[i * n + r] = -vt[i * n + r]!;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y]! - d[x]!);
  const s = new Float64Array(n);
  const uo = new Float64Array(m * n);
  const vo = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j]!;
    s[j] = d[src]! * scale;
    for (let r = 0; r < m; r++) uo[r * n + j] = ut[src * m + r]!;
    for (let r = 0; r < n; r++) vo[r * n + j] = vt[src * n + r]!;
  }
  return {
    u: { rows: m, cols: n, data: uo },
    s,
    v: { rows: n, cols: n, data: vo },
    orientation: flips % 2 === 0 ? 1 : -1,
  };
}

function transposeInto(src: Float64Array, rows: number, cols: number, dst: Float64Array): void {
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) dst[j * rows + i] = src[i * cols + j]!;
    }
  }
}

/**
 * Drives the upper bidiagonal (d, e) to diagonal form, rotating the rows of U^T (n x m) and V^T (n x n) so that
 * U B V^T is kept.
 */
function diagonalizeBidiagonal(
  ws: Workspace,
  d: Float64Array,
  e: Float64Array,
  ut: Float64Array,
  m: number,
  vt: Float64Array,
): void {
  const n = d.length;
  const { fn } = ws;
  const cr = ws.f64(n);
  const sr = ws.f64(n);
  const cl = ws.f64(n);
  const sl = ws.f64(n);
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
      if (zero === hi) chaseColumnUp(fn, d, e, vt, n, lo, hi);
      else chaseRowRight(fn, d, e, ut, m, zero, hi);
      continue;
    }

    if (++sweeps > MAX_SWEEPS_PER_VALUE * n) throw new Error('svd did not converge');
    qrSweep(d, e, lo, hi, cr, sr, cl, sl);
    fn.rot_chain(ptr(vt), n * 8, lo, hi, ptr(cr), ptr(sr), n, 0);
    fn.rot_chain(ptr(ut), m * 8, lo, hi, ptr(cl), ptr(sl), m, 0);
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
function chaseColumnUp(
  fn: LinalgKernels,
  d: Float64Array,
  e: Float64Array,
  vt: Float64Array,
  n: number,
  lo: number,
  hi: number,
): void {
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
    fn.rot(ptr(vt, j * n), ptr(vt, hi * n), n, c, s);
  }
}

/** d[i] = 0 with i < hi: rotate e[i] right along row i with left rotations until it leaves the block. */
function chaseRowRight(
  fn: LinalgKernels,
  d: Float64Array,
  e: Float64Array,
  ut: Float64Array,
  m: number,
  i: number,
  hi: number,
): void {
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
    fn.rot(ptr(ut, j * m), ptr(ut, i * m), m, c, s);
  }
}
