import type { Matrix } from './matrix.js';
import { tridiagonalScratch, tridiagonalizeIn } from './tridiagonal.js';
import { type Workspace, acquireWorkspace, ptr, releaseWorkspace } from './wasm/workspace.js';

export interface SymmetricEigen {
  /** Eigenvalues in ascending order (as torch.linalg.eigh returns them). */
  readonly values: Float64Array;
  /** Row i is the unit eigenvector of values[i]. */
  readonly vectors: Matrix;
}

const EPS = 2 ** -52;
const MAX_SWEEPS_PER_VALUE = 60;

/**
 * Eigendecomposition of a symmetric matrix: Householder tridiagonalization, then the implicit QL algorithm with
 * Wilkinson shifts. The rotations of each QL sweep are recorded and applied to the rows of the eigenvector matrix
 * as one chain by the SIMD kernels.
 */
export function symmetricEigen(s: Matrix): SymmetricEigen {
  const n = s.rows;
  if (s.cols !== n) throw new RangeError('symmetricEigen needs a square matrix');
  const ws = acquireWorkspace(3 * n * n + 2 * n + tridiagonalScratch(n));
  try {
    return decompose(ws, s, n);
  } finally {
    releaseWorkspace(ws);
  }
}

function decompose(ws: Workspace, s: Matrix, n: number): SymmetricEigen {
  const a = ws.copy(s.data);
  const q = ws.f64(n * n);
  const { d, e } = tridiagonalizeIn(ws, a, n, q);
  // Eigenvectors as rows (z = Q^T), so that every plane rotation is a pass over two contiguous rows.
  const z = ws.f64(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[j * n + i] = q[i * n + j]!;
  const cs = ws.f64(n);
  const sn = ws.f64(n);

  for (let l = 0; l < n; l++) {
    let sweeps = 0;
    for (;;) {
      // The first negligible coupling at or after l bounds the block that still needs work.
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= EPS * dd) break;
      }
      if (m === l) break;
      if (++sweeps > MAX_SWEEPS_PER_VALUE) throw new Error('symmetric eigendecomposition did not converge');

      // Wilkinson shift from the leading 2x2 of the block, folded into the first rotation.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s1 = 1;
      let c1 = 1;
      let p = 0;
      let split = -1;
      for (let i = m - 1; i >= l; i--) {
        const f = s1 * e[i]!;
        const b = c1 * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // The rotation vanished: the block splits here; undo the partial shift and rescan.
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          split = i;
          break;
        }
        s1 = f / r;
        c1 = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s1 + 2 * c1 * b;
        p = s1 * r;
        d[i + 1] = g + p;
        g = c1 * r - b;
        cs[i] = c1;
        sn[i] = -s1;
      }
      ws.fn.rot_chain(ptr(z), n * 8, split + 1 > l ? split + 1 : l, m, ptr(cs), ptr(sn), n, 1);
      if (split >= 0) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a]! - d[b]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src]!;
    vectors.set(z.subarray(src * n, (src + 1) * n), dst * n);
  });
  return { values, vectors: { rows: n, cols: n, data: vectors } };
}
