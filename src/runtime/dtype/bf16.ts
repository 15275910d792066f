/**
 * bfloat16 (BF16) <-> float32: BF16 is the upper half of a float32. Encoding rounds to nearest, ties to even,
 * as torch's `round_to_nearest_even` does; every NaN becomes torch's canonical 0x7FC0.
 */

/** Decodes `n` BF16 patterns. */
export function decodeBF16(src: Uint16Array, dst: Float32Array, n: number = src.length): void {
  const out = new Uint32Array(dst.buffer, dst.byteOffset, n);
  for (let i = 0; i < n; i++) out[i] = src[i]! << 16;
}

/** Encodes the float32 bit pattern `u` to BF16 bits (RNE). */
export function f32BitsToBF16(u: number): number {
  if ((u & 0x7fffffff) > 0x7f800000) return 0x7fc0;
  return ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
}

/** Encodes `n` floats to BF16 patterns, round to nearest even. */
export function encodeBF16(src: Float32Array, dst: Uint16Array, n: number = src.length): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const u = bits[i]!;
    dst[i] = (u & 0x7fffffff) > 0x7f800000 ? 0x7fc0 : (u + 0x7fff + ((u >>> 16) & 1)) >>> 16;
  }
}
