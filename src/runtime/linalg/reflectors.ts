import { gemmSimd } from './matmul.js';
import { type Workspace, ptr } from './wasm/workspace.js';

const BLOCK = 32;

/** Workspace doubles `accumulateReflectors` needs besides its inputs and output. */
export function reflectorScratch(rows: number, cols: number): number {
  return BLOCK * BLOCK + BLOCK + BLOCK * cols + rows * BLOCK;
}

/**
 * Writes X = H_0 H_1 ... H_{r-1} E into `x` (rows x cols, in the workspace), where E is the first `cols` columns of
 * the rows x rows identity and H_j = I - beta_j v_j v_j^T. Row j of `vs` (r x rows, in the workspace) holds v_j,
 * zero before column s0 + j and 1 there. Reflectors are taken BLOCK at a time in the compact WY form I - V T V^T,
 * so the work is two matrix products per block instead of a rank-1 update per reflector.
 */
export function accumulateReflectors(
  ws: Workspace,
  vs: Float64Array,
  betas: ArrayLike<number>,
  r: number,
  rows: number,
  cols: number,
  s0: number,
  x: Float64Array,
): void {
  x.fill(0);
  for (let i = 0; i < Math.min(rows, cols); i++) x[i * cols + i] = 1;
  const mark = ws.mark();
  const t = ws.f64(BLOCK * BLOCK);
  const tmp = ws.f64(BLOCK);
  const w = ws.f64(BLOCK * cols);
  const v = ws.f64(rows * BLOCK);

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
      for (let i = 0; i < j; i++) {
        tmp[i] = ws.fn.dot(ptr(vs, (j0 + i) * rows + top + j), ptr(vs, (j0 + j) * rows + top + j), rows - top - j);
      }
      for (let i = 0; i < j; i++) {
        let sum = 0;
        for (let k = i; k < j; k++) sum += t[i * BLOCK + k]! * tmp[k]!;
        t[i * BLOCK + j] = -beta * sum;
      }
      t[j * BLOCK + j] = beta;
    }

    // W = V^T X_s, where X_s = X[top:, top:cols] is the only part of X the block touches.
    w.fill(0, 0, b * width);
    gemmSimd(ws.fn, b, width, len, vs, j0 * rows + top, rows, x, top * cols + top, cols, w, 0, width);
    // W <- -T W (in place: row i only reads rows k >= i, still unmodified when taken top-down).
    for (let i = 0; i < b; i++) {
      const wi = i * width;
      for (let p = 0; p < width; p++) {
        let sum = 0;
        for (let k = i; k < b; k++) sum += t[i * BLOCK + k]! * w[k * width + p]!;
        w[wi + p] = -sum;
      }
    }
    // X_s += V W.
    for (let j = 0; j < b; j++) {
      const src = (j0 + j) * rows + top;
      for (let p = 0; p < len; p++) v[p * b + j] = vs[src + p]!;
    }
    gemmSimd(ws.fn, len, width, b, v, 0, b, w, 0, width, x, top * cols + top, cols);
  }
  ws.release(mark);
}
