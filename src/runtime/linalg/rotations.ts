/**
 * Applies a chain of plane rotations on adjacent columns to every row of a row-major matrix (rows x cols).
 * Rotation i acts on columns (i, i + 1) as
 *   x_i' = c_i x_i + s_i x_{i+1},   x_{i+1}' = -s_i x_i + c_i x_{i+1}.
 * QR-type sweeps produce such chains; applying a whole chain in one pass over each row (the running value stays in
 * a register) reads and writes every element once instead of once per rotation, and the four interleaved rows give
 * the CPU independent work while one row's chain of dependent multiply-adds completes.
 */
export function rotateColumnsAscending(
  z: Float64Array,
  rows: number,
  cols: number,
  lo: number,
  hi: number,
  c: Float64Array,
  s: Float64Array,
): void {
  // Rotations lo..hi-1 applied in increasing order.
  if (hi <= lo) return;
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const b0 = r * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
    let x0 = z[b0 + lo]!, x1 = z[b1 + lo]!, x2 = z[b2 + lo]!, x3 = z[b3 + lo]!;
    for (let i = lo; i < hi; i++) {
      const ci = c[i]!;
      const si = s[i]!;
      const y0 = z[b0 + i + 1]!, y1 = z[b1 + i + 1]!, y2 = z[b2 + i + 1]!, y3 = z[b3 + i + 1]!;
      z[b0 + i] = ci * x0 + si * y0;
      z[b1 + i] = ci * x1 + si * y1;
      z[b2 + i] = ci * x2 + si * y2;
      z[b3 + i] = ci * x3 + si * y3;
      x0 = ci * y0 - si * x0;
      x1 = ci * y1 - si * x1;
      x2 = ci * y2 - si * x2;
      x3 = ci * y3 - si * x3;
    }
    z[b0 + hi] = x0;
    z[b1 + hi] = x1;
    z[b2 + hi] = x2;
    z[b3 + hi] = x3;
  }
  for (; r < rows; r++) {
    const b = r * cols;
    let x = z[b + lo]!;
    for (let i = lo; i < hi; i++) {
      const y = z[b + i + 1]!;
      z[b + i] = c[i]! * x + s[i]! * y;
      x = c[i]! * y - s[i]! * x;
    }
    z[b + hi] = x;
  }
}

/** The same chain applied in decreasing order: rotation hi-1 first, lo last. */
export function rotateColumnsDescending(
  z: Float64Array,
  rows: number,
  cols: number,
  lo: number,
  hi: number,
  c: Float64Array,
  s: Float64Array,
): void {
  if (hi <= lo) return;
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const b0 = r * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
    let x0 = z[b0 + hi]!, x1 = z[b1 + hi]!, x2 = z[b2 + hi]!, x3 = z[b3 + hi]!;
    for (let i = hi - 1; i >= lo; i--) {
      const ci = c[i]!;
      const si = s[i]!;
      const y0 = z[b0 + i]!, y1 = z[b1 + i]!, y2 = z[b2 + i]!, y3 = z[b3 + i]!;
      z[b0 + i + 1] = ci * x0 - si * y0;
      z[b1 + i + 1] = ci * x1 - si * y1;
      z[b2 + i + 1] = ci * x2 - si * y2;
      z[b3 + i + 1] = ci * x3 - si * y3;
      x0 = ci * y0 + si * x0;
      x1 = ci * y1 + si * x1;
      x2 = ci * y2 + si * x2;
      x3 = ci * y3 + si * x3;
    }
    z[b0 + lo] = x0;
    z[b1 + lo] = x1;
    z[b2 + lo] = x2;
    z[b3 + lo] = x3;
  }
  for (; r < rows; r++) {
    const b = r * cols;
    let x = z[b + hi]!;
    for (let i = hi - 1; i >= lo; i--) {
      const y = z[b + i]!;
      z[b + i + 1] = c[i]! * x - s[i]! * y;
      x = c[i]! * y + s[i]! * x;
    }
    z[b + lo] = x;
  }
}

/** One rotation on two arbitrary columns (i, j): x_i' = c x_i + s x_j, x_j' = -s x_i + c x_j. */
export function rotateColumnPair(
  z: Float64Array,
  rows: number,
  cols: number,
  i: number,
  j: number,
  c: number,
  s: number,
): void {
  for (let r = 0; r < rows; r++) {
    const b = r * cols;
    const x = z[b + i]!;
    const y = z[b + j]!;
    z[b + i] = c * x + s * y;
    z[b + j] = c * y - s * x;
  }
}
