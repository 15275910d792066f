/**
 * IEEE half precision (F16) <-> float32. Decoding is a lookup in a 65536-entry table (the fastest JS path);
 * encoding rounds to nearest, ties to even, with subnormals, overflow to infinity and NaN, as torch's
 * `fp16_ieee_from_fp32_value` does (a NaN becomes the quiet NaN 0x7E00 with its sign).
 */

let table: Float32Array | undefined;
let tableBits: Uint32Array | undefined;

/** float32 value of every F16 bit pattern; NaN payloads are kept (bits widened), as numpy and F16C do. */
export function f16Table(): Float32Array {
  if (table) return table;
  const t = new Float32Array(65536);
  const bits = new Uint32Array(t.buffer);
  for (let h = 0; h < 65536; h++) {
    const sign = (h & 0x8000) << 16;
    const exp = (h >> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) t[h] = (sign ? -mant : mant) * 2 ** -24; // subnormal or zero: exact in float32
    else if (exp === 0x1f) bits[h] = (sign | 0x7f800000 | (mant << 13)) >>> 0;
    else bits[h] = (sign | ((exp - 15 + 127) << 23) | (mant << 13)) >>> 0;
  }
  table = t;
  tableBits = bits;
  return t;
}

/**
 * Decodes `n` F16 patterns. The table is read as integers: a NaN passing through a JS number may be
 * canonicalized, and copying bits keeps payloads (and was no slower).
 */
export function decodeF16(src: Uint16Array, dst: Float32Array, n: number = src.length): void {
  if (!tableBits) f16Table();
  const t = tableBits!;
  const out = new Uint32Array(dst.buffer, dst.byteOffset, n);
  for (let i = 0; i < n; i++) out[i] = t[src[i]!]!;
}

/** Encodes the float32 bit pattern `u` to F16 bits (RNE). */
export function f32BitsToF16(u: number): number {
  const sign = (u >>> 16) & 0x8000;
  let a = u & 0x7fffffff;
  if (a >= 0x47800000) {
    // >= 65536 (and inf, NaN): infinity, or the quiet NaN
    return sign | (a > 0x7f800000 ? 0x7e00 : 0x7c00);
  }
  if (a < 0x38800000) {
    // below the smallest normal 2^-14: a subnormal (or zero) of unit 2^-24, rounded on the integer mantissa
    const e = a >>> 23;
    if (e < 102) return sign; // below 2^-25, or exactly 2^-25 (a tie to zero) handled below
    const m = (a & 0x7fffff) | 0x800000;
    const shift = 126 - e;
    return sign | ((m + ((1 << (shift - 1)) - 1) + ((m >>> shift) & 1)) >>> shift);
  }
  // normal: rebias, then round the 13 dropped bits to nearest even; a carry may reach infinity, as it should
  a = a + 0xc8000fff + ((a >>> 13) & 1);
  return sign | ((a >>> 13) & 0xffff);
}

/** Encodes `n` floats to F16 patterns, round to nearest even. */
export function encodeF16(src: Float32Array, dst: Uint16Array, n: number = src.length): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const u = bits[i]!;
    const sign = (u >>> 16) & 0x8000;
    let a = u & 0x7fffffff;
    if (a >= 0x38800000 && a < 0x47800000) {
      a = a + 0xc8000fff + ((a >>> 13) & 1);
      dst[i] = sign | ((a >>> 13) & 0xffff);
    } else {
      dst[i] = f32BitsToF16(u);
    }
  }
}
