/**
 * An elementary reflector H = I - beta v v^T with v[0] = 1 that maps x to alpha e1. The reflected vector's sign is
 * chosen opposite to x[0] so that x[0] - alpha never cancels. `x` (len values from `off`) is overwritten by v.
 */
export function makeReflector(x: Float64Array, off: number, len: number): { beta: number; alpha: number } {
  const x0 = x[off]!;
  let tail = 0;
  for (let i = 1; i < len; i++) {
    const t = x[off + i]!;
    tail += t * t;
  }
  if (tail === 0) {
    // Already a multiple of e1: nothing to reflect.
    x[off] = 1;
    return { beta: 0, alpha: x0 };
  }
  const norm = Math.sqrt(x0 * x0 + tail);
  const alpha = x0 >= 0 ? -norm : norm;
  const scale = 1 / (x0 - alpha);
  x[off] = 1;
  for (let i = 1; i < len; i++) x[off + i] = x[off + i]! * scale;
  return { beta: (alpha - x0) / alpha, alpha };
}
