import type { Matrix } from './matrix.js';

/**
 * The sign of det(M) (-1, 0 or 1) from an LU factorization with partial pivoting: the product of the pivots'
 * signs and of the row swaps'. Only the sign is needed (to cancel a reflection), and it is exact even when the
 * determinant itself would underflow.
 */
export function determinantSign(m: Matrix): number {
  const n = m.rows;
  if (m.cols !== n) throw new RangeError('determinant of a non-square matrix');
  const a = m.data.slice();
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let pivot = k;
    let best = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > best) {
        best = v;
        pivot = i;
      }
    }
    if (best === 0) return 0;
    if (pivot !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[pivot * n + j]!;
        a[pivot * n + j] = t;
      }
    }
    const akk = a[k * n + k]!;
    if (akk < 0) sign = -sign;
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k]! / akk;
      if (f === 0) continue;
      const ri = i * n;
      const rk = k * n;
      for (let j = k + 1; j < n; j++) a[ri + j] -= f * a[rk + j]!;
    }
  }
  return sign;
}
