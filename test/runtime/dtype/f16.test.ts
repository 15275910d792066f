import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeF16, encodeF16, f16Table, f32BitsToF16 } from '../../../src/runtime/dtype/f16.js';
import { bitsOfFloat, floatOfBits, nextDown, nextUp, referenceF16 } from './reference.js';

const reference = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/safetensors/numpy-reference.json', import.meta.url)), 'utf8'),
) as { f16_decode_table_sha256: string; f16_encode_sha256: string; f16_encode_count: number };

const ALL = new Uint16Array(65536).map((_, i) => i);
const isFinite16 = (h: number) => (h & 0x7c00) !== 0x7c00;

function encode1(x: number): number {
  const out = new Uint16Array(1);
  encodeF16(new Float32Array([x]), out);
  return out[0]!;
}

describe('F16 decode', () => {
  test('all 65536 patterns match an independent slow decoder (NaN payloads kept)', () => {
    const got = new Float32Array(65536);
    decodeF16(ALL, got);
    const bits = new Uint32Array(got.buffer);
    for (let h = 0; h < 65536; h++) {
      const sign = h & 0x8000 ? -1 : 1;
      const e = (h >> 10) & 31;
      const m = h & 1023;
      if (e === 31 && m !== 0) {
        expect(bits[h]).toBe((((h & 0x8000) << 16) | 0x7f800000 | (m << 13)) >>> 0);
        continue;
      }
      const want = e === 31 ? sign * Infinity : e === 0 ? sign * m * 2 ** -24 : sign * (1 + m / 1024) * 2 ** (e - 15);
      if (got[h] !== want || Object.is(got[h], -0) !== Object.is(want, -0)) expect(got[h], `pattern ${h}`).toBe(want);
    }
  });

  test('the table is bit-identical to numpy float16 -> float32', () => {
    const t = f16Table();
    expect(createHash('sha256').update(new Uint8Array(t.buffer)).digest('hex')).toBe(reference.f16_decode_table_sha256);
  });
});

describe('F16 encode, round to nearest even', () => {
  test('encode(decode(h)) == h for every finite pattern, and infinities', () => {
    const values = new Float32Array(65536);
    decodeF16(ALL, values);
    const back = new Uint16Array(65536);
    encodeF16(values, back);
    for (let h = 0; h < 65536; h++) if (isFinite16(h) || (h & 0x3ff) === 0) if (back[h] !== h) expect(back[h], `pattern ${h}`).toBe(h);
  });

  test('every midpoint between neighbours goes to the even one; one float32 step either side does not', () => {
    const t = f16Table();
    for (let h = 0; h < 0x7c00; h++) {
      const lo = t[h]!;
      const hi = h + 1 === 0x7c00 ? 65536 : t[h + 1]!; // past 65504 the next step (infinity) sits at 2^16
      const mid = (lo + hi) / 2;
      expect(Math.fround(mid)).toBe(mid); // the midpoint is a float32, so it is a real tie
      const even = h % 2 === 0 ? h : h + 1;
      for (const sign of [0, 0x8000]) {
        const s = sign ? -1 : 1;
        const got = [encode1(s * mid), encode1(s * nextUp(mid)), encode1(s * nextDown(mid))];
        const want = [sign | even, sign | (h + 1), sign | h];
        if (got.some((g, i) => g !== want[i])) expect(got, `between ${h} and ${h + 1}`).toEqual(want);
      }
    }
  });

  test('subnormals, underflow to signed zero, and the smallest values', () => {
    expect(encode1(2 ** -24)).toBe(0x0001);
    expect(encode1(2 ** -25)).toBe(0x0000); // a tie: to even zero
    expect(encode1(nextUp(2 ** -25))).toBe(0x0001);
    expect(encode1(1.5 * 2 ** -24)).toBe(0x0002); // a tie between 1 and 2: to even 2
    expect(encode1(2 ** -26)).toBe(0x0000);
    expect(encode1(-(2 ** -26))).toBe(0x8000);
    expect(encode1(floatOfBits(1))).toBe(0x0000);
    expect(encode1(-0)).toBe(0x8000);
    expect(encode1(nextDown(2 ** -14))).toBe(0x0400); // just below the smallest normal rounds up to it
    expect(encode1(1023 * 2 ** -24)).toBe(0x03ff);
  });

  test('overflow to infinity, and NaN', () => {
    expect(encode1(65504)).toBe(0x7bff);
    expect(encode1(nextDown(65520))).toBe(0x7bff);
    expect(encode1(65520)).toBe(0x7c00);
    expect(encode1(-65520)).toBe(0xfc00);
    expect(encode1(1e30)).toBe(0x7c00);
    expect(encode1(Infinity)).toBe(0x7c00);
    expect(encode1(-Infinity)).toBe(0xfc00);
    expect(encode1(NaN)).toBe(0x7e00);
    expect(encode1(floatOfBits(0xffc00001))).toBe(0xfe00);
    expect(encode1(floatOfBits(0x7f800001))).toBe(0x7e00); // a signalling NaN must not become infinity
    expect(f32BitsToF16(0x7fffffff)).toBe(0x7e00);
  });

  test('matches numpy on a million spread float32 patterns', () => {
    const u = new Uint32Array(1 << 20);
    let n = 0;
    for (let i = 0; i < 1 << 20; i++) {
      const v = Number((BigInt(i) * 2654435761n) % 4294967296n);
      if ((v & 0x7fffffff) >>> 0 <= 0x7f800000) u[n++] = v;
    }
    expect(n).toBe(reference.f16_encode_count);
    const out = new Uint16Array(n);
    encodeF16(new Float32Array(u.buffer, 0, n), out);
    expect(createHash('sha256').update(new Uint8Array(out.buffer)).digest('hex')).toBe(reference.f16_encode_sha256);
  });

  test('property: the fast encoder equals the slow reference on any float32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (bits) => {
        const x = floatOfBits(bits);
        expect(encode1(x)).toBe(referenceF16(x));
        expect(f32BitsToF16(bits)).toBe(referenceF16(x));
      }),
      { numRuns: 20000 },
    );
  });

  test('property: encode(decode(x)) == x for every finite pattern', () => {
    const t = f16Table();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }).filter(isFinite16), (h) => {
        expect(encode1(t[h]!)).toBe(h);
        expect(f32BitsToF16(bitsOfFloat(t[h]!))).toBe(h);
      }),
    );
  });
});
