import { f32BitsToF16 } from '../dtype/f16.js';

const scratch = new Float32Array(1);
const bits = new Uint32Array(scratch.buffer);

function toHalfBits(x: number): number {
  scratch[0] = x;
  return f32BitsToF16(bits[0]!);
}

/**
 * torch.allclose(a.half(), b.half()) with its defaults (rtol 1e-5, atol 1e-8). Two distinct fp16 values are at
 * least one fp16 step apart (>= 6e-8, and ~1e-3 relative), far beyond both tolerances, so this is elementwise
 * equality after rounding to fp16; NaN is never close, infinities of one sign are.
 */
export function closeAsHalf(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    const hx = toHalfBits(x);
    const hy = toHalfBits(y);
    // +0 and -0 are equal.
    if (hx !== hy && ((hx | hy) & 0x7fff) !== 0) return false;
  }
  return true;
}
