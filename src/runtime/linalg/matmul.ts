import { type Matrix, transpose, zeros } from './matrix.js';
import { type LinalgKernels, acquireWorkspace, releaseWorkspace } from './wasm/workspace.js';

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
          const x0 = A[a0 + p]!,
            x1 = A[a0 + p + 1]!,
            x2 = A[a0 + p + 2]!,
            x3 = A[a0 + p + 3]!;
          const x4 = A[a0 + p + 4]!,
            x5 = A[a0 + p + 5]!,
            x6 = A[a0 + p + 6]!,
            x7 = A[a0 + p + 7]!;
          const y0 = A[a1 + p]!,
            y1 = A[a1 + p + 1]!,
            y2 = A[a1 + p + 2]!,
            y3 = A[a1 + p + 3]!;
          const y4 = A[a1 + p + 4]!,
            y5 = A[a1 + p + 5]!,
            y6 = A[a1 + p + 6]!,
            y7 = A[a1 + p + 7]!;
          const b0 = bo + p * ldb,
            b1 = b0 + ldb,
            b2 = b1 + ldb,
            b3 = b2 + ldb;
          const b4 = b3 + ldb,
            b5 = b4 + ldb,
            b6 = b5 + ldb,
            b7 = b6 + ldb;
          for (let j = j0; j < j1; j++) {
            const v0 = B[b0 + j]!,
              v1 = B[b1 + j]!,
              v2 = B[b2 + j]!,
              v3 = B[b3 + j]!;
            const v4 = B[b4 + j]!,
              v5 = B[b5 + j]!,
              v6 = B[b6 + j]!,
              v7 = B[b7 + j]!;
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

// Panels for the SIMD kernel: 128 rows of B by up to 1536 columns (1.5 MiB) stay in L2 while all rows of A pass.
const SIMD_KB = 128;
const SIMD_JB = 1536;

/**
 * C += A B like `gemm`, for arrays living in one workspace memory (offsets in elements). The block whose row and
 * column counts are multiples of four runs in the SIMD kernel; the at most three leftover rows and columns, O(n^2)
 * work, run here.
 */
export function gemmSimd(
  fn: LinalgKernels,
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
  const m4 = m & ~3;
  const n4 = n & ~3;
  if (m4 > 0 && n4 > 0 && k > 0) {
    for (let j0 = 0; j0 < n4; j0 += SIMD_JB) {
      const jw = Math.min(n4 - j0, SIMD_JB);
      for (let p0 = 0; p0 < k; p0 += SIMD_KB) {
        const pw = Math.min(k - p0, SIMD_KB);
        fn.gemm_core(
          m4,
          jw,
          pw,
          A.byteOffset + (ao + p0) * 8,
          lda * 8,
          B.byteOffset + (bo + p0 * ldb + j0) * 8,
          ldb * 8,
          C.byteOffset + (co + j0) * 8,
          ldc * 8,
        );
      }
    }
  }
  // Leftover columns, for the rows the kernel covered.
  if (n4 < n) {
    for (let i = 0; i < m4; i++) {
      for (let j = n4; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += A[ao + i * lda + p]! * B[bo + p * ldb + j]!;
        C[co + i * ldc + j] += sum;
      }
    }
  }
  // Leftover rows, every column.
  for (let i = m4; i < m; i++) {
    const a = ao + i * lda;
    const c = co + i * ldc;
    for (let p = 0; p < k; p++) {
      const x = A[a + p]!;
      const b = bo + p * ldb;
      for (let j = 0; j < n; j++) C[c + j] += x * B[b + j]!;
    }
  }
}

/** Products smaller than this many multiply-adds stay in plain JS (a workspace costs a few microseconds). */
const SIMD_MIN_WORK = 32 * 32 * 32;

/** A B. */
export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matmul: ${a.rows}x${a.cols} times ${b.rows}x${b.cols}`);
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  const c = zeros(m, n);
  if (m * n * k < SIMD_MIN_WORK) {
    gemm(m, n, k, a.data, 0, k, b.data, 0, n, c.data, 0, n);
    return c;
  }
  const ws = acquireWorkspace(m * k + k * n + m * n, 3);
  try {
    const wa = ws.copy(a.data);
    const wb = ws.copy(b.data);
    const wc = ws.f64(m * n);
    gemmSimd(ws.fn, m, n, k, wa, 0, k, wb, 0, n, wc, 0, n);
    c.data.set(wc);
    return c;
  } finally {
    releaseWorkspace(ws);
  }
}

/** A^T B (the transpose is O(n^2), negligible next to the product). */
export function matmulTN(a: Matrix, b: Matrix): Matrix {
  return matmul(transpose(a), b);
}

/** A B^T. */
export function matmulNT(a: Matrix, b: Matrix): Matrix {
  return matmul(a, transpose(b));
}
