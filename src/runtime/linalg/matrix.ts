/**
 * A dense row-major matrix of doubles. The linear algebra runs in float64 whatever the work dtype: the reference's
 * float32 LAPACK calls are themselves only accurate to ~1e-6, so computing in doubles and rounding at the end stays
 * well inside the golden tolerance while keeping iterative methods stable.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Wraps (or copies, when `copy` is set) a flat array as a rows x cols matrix. */
export function fromArray(rows: number, cols: number, values: ArrayLike<number>, copy = true): Matrix {
  if (values.length !== rows * cols) {
    throw new RangeError(`expected ${rows * cols} values for a ${rows}x${cols} matrix, got ${values.length}`);
  }
  if (!copy && values instanceof Float64Array) return { rows, cols, data: values };
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = values[i]!;
  return { rows, cols, data };
}

export function transpose(m: Matrix): Matrix {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  // Tiles keep both the reads and the strided writes inside the cache.
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let i = i0; i < i1; i++) {
        const src = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] = data[src + j]!;
      }
    }
  }
  return { rows: cols, cols: rows, data: out };
}

/** The largest absolute difference between two matrices of the same shape. */
export function maxAbsDiff(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError('shape mismatch');
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]! - b.data[i]!));
  return m;
}
