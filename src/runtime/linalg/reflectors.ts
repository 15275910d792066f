import { gemm } from './matmul.js';

const BLOCK = 32;

/**
 * Forms X = H_0 H_1 ... H_{r-1} E explicitly, where E is the first `cols` columns of the rows x rows identity and
 * H_j = I - beta_j v_j v_j^T. Row j of `vs` (r x rows, row-major) holds v_j, which is zero before column s0 + j and
 * 1 there. Reflectors are taken BLOCK at a time in the compact WY form I - V T V^T, so the work is two matrix
 * products per block instead of a rank-1 update per reflector: most of the flops then run at matmul speed.
 */
export function accumulateReflectors(
  vs: Float64Array,
  betas: Float64Array,
  r: number,
  rows: number,
  cols: number,
  s0: number,
): Float64Array {
  const x = new Float64Array(rows * cols);
  for (let i = 0; i < Math.min(rows, cols); i++) x[i * cols + i] = 1;
  const t = new Float64Array(BLOCK * BLOCK);
  const tmp = new Float64Array(BLOCK);

  for (let j0 = Math.floor((r - 1) / BLOCK) * BLOCK; j0 >= 0; j0 -= BLOCK) {
    const j1 = Math.min(r, j0 + BLOCK);
    const b = j1 - j0;
    const top = s0 + j0;
    const len = rows - top;
    const width = cols - top;
    if (len <= 0 || width <= 0) continue;

    // T upper triangular with H_{j0} ... H_{j1-1} = I - V T V^T.
    t.fill(0);
    for (let j = 0; j < b; j++) {
      const beta = betas[j0 + j]!;
      const vj = (j0 + j) * rows;
      for (let i = 0; i < j; i++) {
        const vi = (j0 + i) * rows;
        let dot = 0;
        for (let p = top + j; p < rows; p++) dot += vs[vi + p]! * vs[vj + p]!;
        tmp[i] = dot;
      }
      for (let i = 0; i < j; i++) {
        let sum = 0;
        for (let k = i; k < j; k++) sum += t[i * BLOCK + k]! * tmp[k]!;
        t[i * BLOCK + j] = -beta * sum;
      }
      t[j * BLOCK + j] = beta;
    }

    // W = V^T X_s, where X_s = X[top:, top:cols] is the only part of X the block touches.
    const w = new Float64Array(b * width);
    gemm(b, width, len, vs, j0 * rows + top, rows, x, top * cols + top, cols, w, 0, width);
    // W <- -T W (in place: row i only needs rows k >= i, which are still unmodified when taken top-down).
    for (let i = 0; i < b; i++) {
      const wi = i * width;
      for (let p = 0; p < width; p++) {
        let sum = 0;
        for (let k = i; k < b; k++) sum += t[i * BLOCK + k]! * w[k * width + p]!;
        w[wi + p] = -sum;
      }
    }
    // X_s += V W.
    const v = new Float64Array(len * b);
    for (let j = 0; j < b; j++) {
      const src = (j0 + j) * rows + top;
      for (let p = 0; p < len; p++) v[p * b + j] = vs[src + p]!;
    }
    gemm(len, width, b, v, 0, b, w, 0, width, x, top * cols + top, cols);
  }
  return x;
}
