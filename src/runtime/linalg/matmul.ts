import { type Matrix, transpose, zeros } from './matrix.js';

// Panel sizes: a KB x JB slab of B (64 x 1280 doubles = 640 KiB) stays in L2 while every row pair of A streams by.
const KB = 64;
const JB = 1280;

/**
 * C += A B on row-major sub-matrices: A is m x k at `ao` with row stride `lda`, B is k x n at `bo` (stride `ldb`),
 * C is m x n at `co` (stride `ldc`). Two rows of C and eight rows of B per inner loop: each element of B loaded feeds
 * two multiply-adds and each C element is read and written once per eight k, which keeps a scalar JS loop near
 * 5 GFLOP/s instead of 1.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  ao: number,
  lda: number,
  B: Float64Array,
  bo: number,
  ldb: number,
  C: Float64Array,
  co: number,
  ldc: number,
): void {
  for (let j0 = 0; j0 < n; j0 += JB) {
    const j1 = Math.min(n, j0 + JB);
    for (let k0 = 0; k0 < k; k0 += KB) {
      const k1 = Math.min(k, k0 + KB);
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const a0 = ao + i * lda;
        const a1 = a0 + lda;
        const c0 = co + i * ldc;
        const c1 = c0 + ldc;
        let p = k0;
        for (; p + 7 < k1; p += 8) {
          const x0 = A[a0 + p]!, x1 = A[a0 + p + 1]!, x2 = A[a0 + p + 2]!, x3 = A[a0 + p + 3]!;
          const x4 = A[a0 + p + 4]!, x5 = A[a0 + p + 5]!, x6 = A[a0 + p + 6]!, x7 = A[a0 + p + 7]!;
          const y0 = A[a1 + p]!, y1 = A[a1 + p + 1]!, y2 = A[a1 + p + 2]!, y3 = A[a1 + p + 3]!;
          const y4 = A[a1 + p + 4]!, y5 = A[a1 + p + 5]!, y6 = A[a1 + p + 6]!, y7 = A[a1 + p + 7]!;
          const b0 = bo + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
          const b4 = b3 + ldb, b5 = b4 + ldb, b6 = b5 + ldb, b7 = b6 + ldb;
          for (let j = j0; j < j1; j++) {
            const v0 = B[b0 + j]!, v1 = B[b1 + j]!, v2 = B[b2 + j]!, v3 = B[b3 + j]!;
            const v4 = B[b4 + j]!, v5 = B[b5 + j]!, v6 = B[b6 + j]!, v7 = B[b7 + j]!;
            C[c0 + j] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3 + x4 * v4 + x5 * v5 + x6 * v6 + x7 * v7;
            C[c1 + j] += y0 * v0 + y1 * v1 + y2 * v2 + y3 * v3 + y4 * v4 + y5 * v5 + y6 * v6 + y7 * v7;
          }
        }
        for (; p < k1; p++) {
          const x = A[a0 + p]!;
          const y = A[a1 + p]!;
          const b = bo + p * ldb;
          for (let j = j0; j < j1; j++) {
            const v = B[b + j]!;
            C[c0 + j] += x * v;
            C[c1 + j] += y * v;
          }
        }
      }
      if (i < m) {
        const a0 = ao + i * lda;
        const c0 = co + i * ldc;
        for (let p = k0; p < k1; p++) {
          const x = A[a0 + p]!;
          const b = bo + p * ldb;
          for (let j = j0; j < j1; j++) C[c0 + j] += x * B[b + j]!;
        }
      }
    }
  }
}

/** A B. */
export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matmul: ${a.rows}x${a.cols} times ${b.rows}x${b.cols}`);
  const c = zeros(a.rows, b.cols);
  gemm(a.rows, b.cols, a.cols, a.data, 0, a.cols, b.data, 0, b.cols, c.data, 0, c.cols);
  return c;
}

/** A^T B (the transpose is O(n^2), negligible next to the product). */
export function matmulTN(a: Matrix, b: Matrix): Matrix {
  return matmul(transpose(a), b);
}

/** A B^T. */
export function matmulNT(a: Matrix, b: Matrix): Matrix {
  return matmul(a, transpose(b));
}
