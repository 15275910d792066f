import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeE4M3, decodeE5M2, e4m3Table, e5m2Table, encodeE4M3, encodeE5M2, f32BitsToE4M3, f32BitsToE5M2 } from '../../../src/runtime/dtype/f8.js';
import { bitsOfFloat, floatOfBits, nextDown, nextUp, referenceE4M3, referenceE5M2 } from './reference.js';

const ALL = new Uint8Array(256).map((_, i) => i);

function e4m3(x: number): number {
  const out = new Uint8Array(1);
  encodeE4M3(new Float32Array([x]), out);
  return out[0]!;
}
function e5m2(x: number): number {
  const out = new Uint8Array(1);
  encodeE5M2(new Float32Array([x]), out);
  return out[0]!;
}

/** Checks ties between every pair of neighbouring codes below `limit` (the first non-finite code). */
function checkTies(table: Float32Array, limit: number, enc: (x: number) => number, top: number): void {
  for (let b = 0; b < limit - 1; b++) {
    const mid = (table[b]! + table[b + 1]!) / 2;
    expect(Math.fround(mid)).toBe(mid);
    const even = b % 2 === 0 ? b : b + 1;
    for (const sign of [0, 0x80]) {
      const s = sign ? -1 : 1;
      expect([enc(s * mid), enc(s * nextUp(mid)), enc(s * nextDown(mid))], `between ${b} and ${b + 1}`).toEqual([
        sign | even,
        sign | (b + 1),
        sign | b,
      ]);
    }
  }
  // above the largest finite code `limit - 1`
  const largest = table[limit - 1]!;
  const ulp = largest - table[limit - 2]!;
  const mid = largest + ulp / 2;
  expect(enc(mid)).toBe((limit - 1) % 2 === 0 ? limit - 1 : top);
  expect(enc(nextUp(mid))).toBe(top);
  expect(enc(nextDown(mid))).toBe(limit - 1);
}

describe('F8_E4M3 (fn)', () => {
  test('decodes all 256 patterns: bias 7, subnormals, no infinities, NaN at 0x7F/0xFF', () => {
    const out = new Float32Array(256);
    decodeE4M3(ALL, out);
    for (let b = 0; b < 256; b++) {
      const s = b & 0x80 ? -1 : 1;
      const e = (b >> 3) & 15;
      const m = b & 7;
      if ((b & 0x7f) === 0x7f) expect(out[b]).toBeNaN();
      else expect(out[b], `pattern ${b}`).toBe(e === 0 ? s * m * 2 ** -9 : s * (1 + m / 8) * 2 ** (e - 7));
    }
    expect(out[0x7e]).toBe(448);
    expect(out[0x01]).toBe(2 ** -9);
    expect(out[0x08]).toBe(2 ** -6);
    expect(bitsOfFloat(out[0xff]!) >>> 31).toBe(1);
  });

  test('encode(decode(b)) == b for every non-NaN pattern, including -0', () => {
    const t = e4m3Table();
    for (let b = 0; b < 256; b++) if ((b & 0x7f) !== 0x7f) expect(e4m3(t[b]!), `pattern ${b}`).toBe(b);
  });

  test('ties go to even, and the tie above 448 goes to 448 (even) rather than NaN', () => {
    checkTies(e4m3Table(), 0x7f, e4m3, 0x7f);
    expect(e4m3(464)).toBe(0x7e);
    expect(e4m3(nextUp(464))).toBe(0x7f);
  });

  test('like torch, no saturation: out of range, infinities and NaN become NaN with the sign', () => {
    expect(e4m3(480)).toBe(0x7f);
    expect(e4m3(1e6)).toBe(0x7f);
    expect(e4m3(-1e6)).toBe(0xff);
    expect(e4m3(Infinity)).toBe(0x7f);
    expect(e4m3(-Infinity)).toBe(0xff);
    expect(e4m3(NaN)).toBe(0x7f);
    expect(f32BitsToE4M3(0xffc00000)).toBe(0xff);
  });

  test('subnormals and underflow', () => {
    expect(e4m3(2 ** -10)).toBe(0x00); // tie between 0 and the smallest subnormal: to even 0
    expect(e4m3(nextUp(2 ** -10))).toBe(0x01);
    expect(e4m3(3 * 2 ** -10)).toBe(0x02); // tie between 1 and 2
    expect(e4m3(-(2 ** -12))).toBe(0x80);
    expect(e4m3(floatOfBits(1))).toBe(0x00);
    expect(e4m3(nextDown(2 ** -6))).toBe(0x08);
  });

  test('property: equals the slow reference on any float32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (bits) => {
        expect(e4m3(floatOfBits(bits))).toBe(referenceE4M3(floatOfBits(bits)));
      }),
      { numRuns: 20000 },
    );
    // and densely over the format's own range
    fc.assert(
      fc.property(fc.float({ min: -500, max: 500, noNaN: true }), (x) => {
        expect(e4m3(x)).toBe(referenceE4M3(Math.fround(x)));
      }),
      { numRuns: 20000 },
    );
  });
});

describe('F8_E5M2', () => {
  test('decodes all 256 patterns as the upper byte of an F16', () => {
    const out = new Float32Array(256);
    decodeE5M2(ALL, out);
    for (let b = 0; b < 256; b++) {
      const s = b & 0x80 ? -1 : 1;
      const e = (b >> 2) & 31;
      const m = b & 3;
      if (e === 31) {
        if (m === 0) expect(out[b]).toBe(s * Infinity);
        else expect(out[b]).toBeNaN();
      } else {
        expect(out[b], `pattern ${b}`).toBe(e === 0 ? s * m * 2 ** -16 : s * (1 + m / 4) * 2 ** (e - 15));
      }
    }
    expect(out[0x7b]).toBe(57344);
  });

  test('encode(decode(b)) == b for every non-NaN pattern', () => {
    const t = e5m2Table();
    for (let b = 0; b < 256; b++) if ((b & 0x7f) <= 0x7c) expect(e5m2(t[b]!), `pattern ${b}`).toBe(b);
  });

  test('ties go to even; overflow becomes infinity; NaN stays NaN', () => {
    checkTies(e5m2Table(), 0x7c, e5m2, 0x7c);
    expect(e5m2(61440)).toBe(0x7c); // the tie above 57344 (odd mantissa): even is infinity
    expect(e5m2(nextDown(61440))).toBe(0x7b);
    expect(e5m2(-1e10)).toBe(0xfc);
    expect(e5m2(NaN)).toBe(0x7f);
    expect(f32BitsToE5M2(0xff800001)).toBe(0xff);
    expect(e5m2(2 ** -17)).toBe(0x00);
    expect(e5m2(nextUp(2 ** -17))).toBe(0x01);
  });

  test('property: equals the slow reference on any float32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (bits) => {
        expect(e5m2(floatOfBits(bits))).toBe(referenceE5M2(floatOfBits(bits)));
      }),
      { numRuns: 20000 },
    );
  });

  test('property: encode(decode(x)) == x for every finite pattern of both formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (b) => {
        if ((b & 0x7c) !== 0x7c) expect(e5m2(e5m2Table()[b]!)).toBe(b);
        if ((b & 0x7f) !== 0x7f) expect(e4m3(e4m3Table()[b]!)).toBe(b);
      }),
    );
  });
});
