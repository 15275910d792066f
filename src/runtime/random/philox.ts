/**
 * Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel Random Numbers: As Easy as 1, 2, 3", SC'11): a keyed
 * bijection of a 128-bit counter. Output is a pure function of (counter, key), so any block can be computed
 * alone, in any order, on any thread, and plain 32-bit integer arithmetic makes it identical on every platform.
 * This is the JavaScript form, for single blocks and short runs; philox-wasm.ts is the bulk form.
 */

export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;

// The multipliers split in 16-bit halves, so that x * half stays below 2^48 and is exact in a double.
const M0_HI = PHILOX_M0 >>> 16;
const M0_LO = PHILOX_M0 & 0xffff;
const M1_HI = PHILOX_M1 >>> 16;
const M1_LO = PHILOX_M1 & 0xffff;
const TWO_POW_M16 = 1 / 65536;

/**
 * Writes the 4 output words of `count` consecutive blocks into dst[offset .. offset + 4 * count). Block j has the
 * counter (lo, hi, c2, c3) where lo + 2^32 * hi = lo0 + 2^32 * hi0 + j: a 64-bit block index in words 0 and 1.
 */
export function philoxFill(
  dst: Uint32Array,
  offset: number,
  count: number,
  lo0: number,
  hi0: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
): void {
  let lo = lo0 >>> 0;
  let hi = hi0 >>> 0;
  let o = offset;
  for (let j = 0; j < count; j++) {
    let x0 = lo | 0;
    let x1 = hi | 0;
    let x2 = c2 | 0;
    let x3 = c3 | 0;
    let ka = k0 | 0;
    let kb = k1 | 0;
    for (let r = 0; r < 10; r++) {
      // hi32(x * M) = floor((x * M_HI + floor(x * M_LO / 2^16)) / 2^16); `>>> 0` floors a non-negative double.
      const u0 = x0 >>> 0;
      const u2 = x2 >>> 0;
      const hi0w = ((u0 * M0_HI + ((u0 * M0_LO * TWO_POW_M16) >>> 0)) * TWO_POW_M16) >>> 0;
      const hi1w = ((u2 * M1_HI + ((u2 * M1_LO * TWO_POW_M16) >>> 0)) * TWO_POW_M16) >>> 0;
      const lo0w = Math.imul(x0, PHILOX_M0);
      const lo1w = Math.imul(x2, PHILOX_M1);
      x0 = hi1w ^ x1 ^ ka;
      x1 = lo1w;
      x2 = hi0w ^ x3 ^ kb;
      x3 = lo0w;
      ka = (ka + PHILOX_W0) | 0;
      kb = (kb + PHILOX_W1) | 0;
    }
    dst[o] = x0;
    dst[o + 1] = x1;
    dst[o + 2] = x2;
    dst[o + 3] = x3;
    o += 4;
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  }
}

/** One block: the four output words for counter `ctr` under key `key` (words as unsigned 32-bit integers). */
export function philox4x32(
  ctr: readonly [number, number, number, number],
  key: readonly [number, number],
): [number, number, number, number] {
  const out = new Uint32Array(4);
  philoxFill(out, 0, 1, ctr[0], ctr[1], ctr[2], ctr[3], key[0], key[1]);
  return [out[0]!, out[1]!, out[2]!, out[3]!];
}
