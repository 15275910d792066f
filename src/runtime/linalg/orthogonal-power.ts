import { matmul } from './matmul.js';
import { type Matrix, identity, transpose, zeros } from './matrix.js';
import { symmetricEigen } from './symmetric-eigen.js';

/**
 * R^t for an orthogonal R and any real t, on the principal branch (what raising each eigenvalue e^(i theta),
 * theta in (-pi, pi], to the power t and keeping the real part gives).
 *
 * R is normal, so its symmetric part S = (R + R^T)/2 and skew part K = (R - R^T)/2 commute. On each invariant plane
 * R is a rotation by theta: S acts as cos(theta), K as sin(theta) J with J^2 = -I, and R^t = cos(t theta) I +
 * sin(t theta) J there. Hence R^t = f(S) + g(S) K with f(c) = cos(t acos c) and g(c) = sin(t acos c) / sin(acos c):
 * one symmetric eigendecomposition, no complex arithmetic, and planes sharing an angle need no separating.
 */
export function orthogonalPower(r: Matrix, t: number): Matrix {
  const n = r.rows;
  if (r.cols !== n) throw new RangeError('orthogonalPower needs a square matrix');
  if (Number.isInteger(t)) return integerPower(r, t);

  const s = zeros(n, n);
  const k = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = r.data[i * n + j]!;
      const b = r.data[j * n + i]!;
      s.data[i * n + j] = 0.5 * (a + b);
      k.data[i * n + j] = 0.5 * (a - b);
    }
  }
  const { values, vectors: w } = symmetricEigen(s);

  // R^t = W^T (diag(f) W + diag(g) W K), with the eigenvectors as the rows of W.
  const wk = matmul(w, k);
  const y = zeros(n, n);
  for (let i = 0; i < n; i++) {
    const c = Math.min(1, Math.max(-1, values[i]!));
    const theta = Math.acos(c);
    const sin = Math.sqrt(Math.max(0, 1 - c * c));
    const f = Math.cos(t * theta);
    // sin(t theta)/sin(theta) tends to t as theta -> 0; at theta = pi exactly K vanishes on that eigenspace and
    // g does not matter.
    const g = sin > 0 ? Math.sin(t * theta) / sin : theta < 1 ? t : 0;
    const row = i * n;
    for (let j = 0; j < n; j++) y.data[row + j] = f * w.data[row + j]! + g * wk.data[row + j]!;
  }
  return matmul(transpose(w), y);
}

/** R^t for integer t by repeated squaring; a negative power uses R^T, R's inverse. */
export function integerPower(r: Matrix, t: number): Matrix {
  let base = t < 0 ? transpose(r) : r;
  let e = Math.abs(t);
  let out: Matrix | null = null;
  while (e > 0) {
    if (e & 1) out = out ? matmul(out, base) : base;
    e >>>= 1;
    if (e > 0) base = matmul(base, base);
  }
  return out ?? identity(r.rows);
}
