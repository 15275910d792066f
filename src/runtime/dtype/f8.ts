/**
 * The two 8-bit float formats torch stores, decoded through 256-entry tables and encoded as torch's
 * `fp8e4m3fn_from_fp32_value` / `fp8e5m2_from_fp32_value` do (round to nearest, ties to even).
 *
 * F8_E4M3 is the "fn" variant (torch.float8_e4m3fn): bias 7, no infinities, largest finite 448 (0x7E), NaN is
 * 0x7F / 0xFF. torch's cast does not saturate: magnitudes that round past 448 (anything above 464, the tie
 * between 448 and the NaN pattern, which goes to even 448), infinities and NaN all become NaN (0x7F with the
 * input's sign). We match that bit for bit, so a merge saved as F8_E4M3 equals torch's `.to(float8_e4m3fn)`.
 *
 * F8_E5M2 (torch.float8_e5m2): bias 15, like F16 with 2 mantissa bits; overflow (from 61440, the tie above
 * 57344, up) becomes infinity, NaN becomes 0x7F with the input's sign.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function asFloat(bits: number): number {
  u32[0] = bits;
  return f32[0]!;
}
function asBits(x: number): number {
  f32[0] = x;
  return u32[0]!;
}

let e4m3Cache: Float32Array | undefined;
let e5m2Cache: Float32Array | undefined;

/** float32 value of every F8_E4M3 pattern. */
export function e4m3Table(): Float32Array {
  if (e4m3Cache) return e4m3Cache;
  const t = new Float32Array(256);
  for (let b = 0; b < 256; b++) {
    const s = b & 0x80 ? -1 : 1;
    const e = (b >> 3) & 0xf;
    const m = b & 7;
    if ((b & 0x7f) === 0x7f) t[b] = NaN;
    else if (e === 0) t[b] = s * m * 2 ** -9;
    else t[b] = s * (1 + m / 8) * 2 ** (e - 7);
  }
  // torch decodes 0xFF to a NaN with the sign bit set; keep the sign on the NaN pattern too.
  const bits = new Uint32Array(t.buffer);
  bits[0x7f] = 0x7fc00000;
  bits[0xff] = 0xffc00000;
  e4m3Cache = t;
  return t;
}

/** float32 value of every F8_E5M2 pattern (the upper byte of an F16). */
export function e5m2Table(): Float32Array {
  if (e5m2Cache) return e5m2Cache;
  const t = new Float32Array(256);
  const bits = new Uint32Array(t.buffer);
  for (let b = 0; b < 256; b++) {
    const sign = (b & 0x80) << 24;
    const e = (b >> 2) & 0x1f;
    const m = b & 3;
    if (e === 0) t[b] = (sign ? -m : m) * 2 ** -16;
    else if (e === 0x1f) bits[b] = (sign | 0x7f800000 | (m << 21)) >>> 0;
    else bits[b] = (sign | ((e - 15 + 127) << 23) | (m << 21)) >>> 0;
  }
  e5m2Cache = t;
  return t;
}

/** Table lookups copy bits as integers, so NaN patterns keep their sign. */
function lookup(table: Float32Array, src: Uint8Array, dst: Float32Array, n: number): void {
  const t = new Uint32Array(table.buffer);
  const out = new Uint32Array(dst.buffer, dst.byteOffset, n);
  for (let i = 0; i < n; i++) out[i] = t[src[i]!]!;
}

export function decodeE4M3(src: Uint8Array, dst: Float32Array, n: number = src.length): void {
  lookup(e4m3Table(), src, dst, n);
}

export function decodeE5M2(src: Uint8Array, dst: Float32Array, n: number = src.length): void {
  lookup(e5m2Table(), src, dst, n);
}

/** Encodes a float32 bit pattern to F8_E4M3 (fn) as torch does. */
export function f32BitsToE4M3(u: number): number {
  const sign = (u >>> 24) & 0x80;
  let a = u & 0x7fffffff;
  if (a >= 0x43f00000) return sign | 0x7f; // >= 480, inf, NaN: NaN (no infinities in this format)
  if (a < 0x3c800000) {
    // below 2^-6: add 2^14 so the float32 adder rounds at the subnormal unit 2^-9; exact in doubles, then fround
    return sign | ((asBits(Math.fround(asFloat(a) + 16384)) - 0x46800000) & 0xff);
  }
  a = a + 0xc407ffff + ((a >>> 20) & 1); // rebias 127 -> 7, round the 20 dropped bits to nearest even
  return sign | ((a >>> 20) & 0xff);
}

/** Encodes a float32 bit pattern to F8_E5M2 as torch does. */
export function f32BitsToE5M2(u: number): number {
  const sign = (u >>> 24) & 0x80;
  let a = u & 0x7fffffff;
  if (a >= 0x47800000) return sign | (a > 0x7f800000 ? 0x7f : 0x7c); // >= 65536: inf; NaN stays NaN
  if (a < 0x38800000) {
    // below 2^-14: the subnormal unit is 2^-16; 2^7 plays the role of torch's denorm_mask
    return sign | ((asBits(Math.fround(asFloat(a) + 128)) - 0x43000000) & 0xff);
  }
  a = a + 0xc80fffff + ((a >>> 21) & 1); // rebias 127 -> 15, round the 21 dropped bits to nearest even
  return sign | ((a >>> 21) & 0xff);
}

export function encodeE4M3(src: Float32Array, dst: Uint8Array, n: number = src.length): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, n);
  for (let i = 0; i < n; i++) dst[i] = f32BitsToE4M3(bits[i]!);
}

export function encodeE5M2(src: Float32Array, dst: Uint8Array, n: number = src.length): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, n);
  for (let i = 0; i < n; i++) dst[i] = f32BitsToE5M2(bits[i]!);
}
