import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeBF16, encodeBF16, f32BitsToBF16 } from '../../../src/runtime/dtype/bf16.js';
import { floatOfBits, nextDown, referenceBF16 } from './reference.js';

const isFinite16 = (h: number) => (h & 0x7f80) !== 0x7f80;

function encode1(x: number): number {
  const out = new Uint16Array(1);
  encodeBF16(new Float32Array([x]), out);
  return out[0]!;
}

describe('BF16', () => {
  test('decodes all 65536 patterns to the upper half of a float32', () => {
    const src = new Uint16Array(65536).map((_, i) => i);
    const out = new Float32Array(65536);
    decodeBF16(src, out);
    const bits = new Uint32Array(out.buffer);
    for (let h = 0; h < 65536; h++) if (bits[h] !== h * 65536) expect(bits[h]).toBe(h * 65536);
    expect(out[0x3f80]).toBe(1);
    expect(out[0xc000]).toBe(-2);
    expect(out[0x7f80]).toBe(Infinity);
    expect(out[0x0001]).toBe(floatOfBits(0x00010000));
  });

  test('encode(decode(h)) == h for every non-NaN pattern; every tie goes to even', () => {
    for (let h = 0; h < 65536; h++) {
      if ((h & 0x7fff) > 0x7f80) continue;
      const u = h * 65536;
      if (f32BitsToBF16(u) !== h) expect(f32BitsToBF16(u)).toBe(h);
      if ((h & 0x7fff) === 0x7f80) continue;
      // the tie just above h, and one float32 step either side of it
      const tie = u + 0x8000;
      const even = h % 2 === 0 ? h : h + 1;
      const got = [f32BitsToBF16(tie), f32BitsToBF16(tie + 1), f32BitsToBF16(tie - 1)];
      if (got[0] !== even || got[1] !== h + 1 || got[2] !== h) expect(got, `above ${h}`).toEqual([even, h + 1, h]);
    }
  });

  test('overflow rounds to infinity; NaN becomes 0x7FC0 as in torch', () => {
    expect(encode1(floatOfBits(0x7f7f7fff))).toBe(0x7f7f);
    expect(encode1(floatOfBits(0x7f7f8000))).toBe(0x7f80); // tie above the largest finite: even is infinity
    expect(encode1(-Infinity)).toBe(0xff80);
    expect(encode1(NaN)).toBe(0x7fc0);
    expect(encode1(floatOfBits(0xff800001))).toBe(0x7fc0);
    expect(encode1(nextDown(1))).toBe(0x3f80);
    expect(encode1(-0)).toBe(0x8000);
  });

  test('property: equals the slow reference on any float32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (bits) => {
        expect(encode1(floatOfBits(bits))).toBe(referenceBF16(floatOfBits(bits)));
      }),
      { numRuns: 20000 },
    );
  });

  test('property: encode(decode(x)) == x for every finite pattern', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }).filter(isFinite16), (h) => {
        const v = new Float32Array(1);
        decodeBF16(new Uint16Array([h]), v);
        expect(encode1(v[0]!)).toBe(h);
      }),
    );
  });
});
