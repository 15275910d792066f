/**
 * Slow, independent reference encoders for the tests: exact arithmetic on doubles (a float32 value scaled by a
 * power of two is exact), rounding the scaled significand to the nearest integer, ties to even. No bit tricks.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function floatOfBits(bits: number): number {
  u32[0] = bits;
  return f32[0]!;
}

export function bitsOfFloat(x: number): number {
  f32[0] = x;
  return u32[0]!;
}

/** The next float32 above / below a positive finite float32. */
export function nextUp(x: number): number {
  return floatOfBits(bitsOfFloat(x) + 1);
}
export function nextDown(x: number): number {
  return floatOfBits(bitsOfFloat(x) - 1);
}

function roundHalfEven(q: number): number {
  const f = Math.floor(q);
  const rest = q - f;
  if (rest > 0.5) return f + 1;
  if (rest < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function exponentOf(a: number): number {
  let e = 0;
  while (2 ** (e + 1) <= a) e++;
  while (2 ** e > a) e--;
  return e;
}

/**
 * A binary float format with `mantBits` fraction bits, exponent bias `bias`, biased exponents up to `maxExp`
 * for finite values. Returns the unsigned code of |x| rounded, or 'overflow'.
 */
export function roundToFormat(a: number, mantBits: number, bias: number, maxFinite: number): number | 'overflow' {
  if (a === Infinity) return 'overflow';
  const minNormalExp = 1 - bias;
  let code: number;
  if (a < 2 ** minNormalExp) {
    code = roundHalfEven(a / 2 ** (minNormalExp - mantBits));
  } else {
    const e = exponentOf(a);
    const r = roundHalfEven(a / 2 ** (e - mantBits));
    code = ((e + bias) << mantBits) + (r - 2 ** mantBits);
  }
  return code > maxFinite ? 'overflow' : code;
}

/** float32 value -> F16 bits: RNE, overflow to infinity, NaN -> sign | 0x7E00. */
export function referenceF16(x: number): number {
  const sign = bitsOfFloat(x) >>> 31 ? 0x8000 : 0;
  if (Number.isNaN(x)) return sign | 0x7e00;
  const code = roundToFormat(Math.abs(x), 10, 15, 0x7bff);
  return sign | (code === 'overflow' ? 0x7c00 : code);
}

/** float32 value -> BF16 bits: RNE, overflow to infinity, NaN -> 0x7FC0. */
export function referenceBF16(x: number): number {
  if (Number.isNaN(x)) return 0x7fc0;
  const sign = bitsOfFloat(x) >>> 31 ? 0x8000 : 0;
  if (!Number.isFinite(x)) return sign | 0x7f80;
  const code = roundToFormat(Math.abs(x), 7, 127, 0x7f7f);
  return sign | (code === 'overflow' ? 0x7f80 : code);
}

/** float32 value -> F8_E4M3 (fn) bits as torch: RNE; overflow, infinity and NaN -> NaN (0x7F) with the sign. */
export function referenceE4M3(x: number): number {
  const sign = bitsOfFloat(x) >>> 31 ? 0x80 : 0;
  if (!Number.isFinite(x)) return sign | 0x7f;
  const code = roundToFormat(Math.abs(x), 3, 7, 0x7e);
  return sign | (code === 'overflow' ? 0x7f : code);
}

/** float32 value -> F8_E5M2 bits as torch: RNE, overflow to infinity, NaN -> 0x7F with the sign. */
export function referenceE5M2(x: number): number {
  const sign = bitsOfFloat(x) >>> 31 ? 0x80 : 0;
  if (Number.isNaN(x)) return sign | 0x7f;
  if (!Number.isFinite(x)) return sign | 0x7c;
  const code = roundToFormat(Math.abs(x), 2, 15, 0x7b);
  return sign | (code === 'overflow' ? 0x7c : code);
}
