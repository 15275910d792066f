import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeToFloat32, decodeToFloat64, encodeFromFloat32, encodeFromFloat64 } from '../../../src/runtime/dtype/codec.js';
import { DTYPES, dtypeSize, isDType, isFloatDType, type DType } from '../../../src/runtime/dtype/dtype.js';
import { referenceF16 } from './reference.js';

/** Values every dtype can hold (small integers and halves), so encode then decode returns them. */
function sample(dtype: DType, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const k = (i * 37) % 101;
    if (dtype === 'BOOL') out[i] = k & 1;
    else if (dtype === 'U8') out[i] = k;
    else if (dtype.startsWith('F8')) out[i] = ((k % 17) - 8) / 2; // 2 mantissa bits: halves up to 4
    else out[i] = isFloatDType(dtype) ? (k - 50) / 4 : k - 50;
  }
  return out;
}

/** Bit-identical arrays; a plain loop, since deep equality of large typed arrays is slow. */
function expectSame(got: ArrayBufferView & { length: number }, want: ArrayBufferView & { length: number }, what = ''): void {
  expect(got.length, what).toBe(want.length);
  const a = Buffer.from(got.buffer, got.byteOffset, got.byteLength);
  const b = Buffer.from(want.buffer, want.byteOffset, want.byteLength);
  if (!a.equals(b)) {
    const i = [...Array(got.length).keys()].find((k) => (got as unknown as number[])[k] !== (want as unknown as number[])[k]) ?? -1;
    expect((got as unknown as number[])[i], `${what} element ${i}`).toBe((want as unknown as number[])[i]);
    expect(a.equals(b), `${what} bit patterns`).toBe(true);
  }
}

/** A copy of `bytes` placed at byte offset `shift` of a larger buffer. */
function shifted(bytes: Uint8Array, shift: number): Uint8Array {
  const out = new Uint8Array(bytes.length + shift + 8).subarray(shift, shift + bytes.length);
  out.set(bytes);
  return out;
}

describe('dtype table', () => {
  test('names and sizes', () => {
    expect(DTYPES).toHaveLength(12);
    expect(DTYPES.map(dtypeSize)).toEqual([8, 4, 2, 2, 1, 1, 8, 4, 2, 1, 1, 1]);
    expect(isDType('F16')).toBe(true);
    expect(isDType('toString')).toBe(false);
    expect(isDType('f16')).toBe(false);
  });
});

describe('codecs for every dtype', () => {
  // More than one internal block (16384) so block boundaries are crossed on the unaligned paths.
  const n = 40_003;
  for (const dtype of DTYPES) {
    test(`${dtype}: round trip through float32 and float64, at every byte alignment`, () => {
      const values = sample(dtype, n);
      const size = dtypeSize(dtype);
      const bytes = new Uint8Array(n * size);
      encodeFromFloat32(dtype, values, bytes);
      const decoded = new Float32Array(n);
      decodeToFloat32(dtype, bytes, decoded);
      expectSame(decoded, values);

      for (let shift = 1; shift < size; shift++) {
        const src = shifted(bytes, shift);
        const got = new Float32Array(n);
        decodeToFloat32(dtype, src, got);
        expectSame(got, values, `decode at +${shift}`);
        const dst = shifted(new Uint8Array(n * size), shift);
        encodeFromFloat32(dtype, values, dst);
        expectSame(dst, bytes, `encode at +${shift}`);
      }

      const wide = new Float64Array(n);
      decodeToFloat64(dtype, shifted(bytes, size > 1 ? 1 : 0), wide);
      expectSame(wide, Float64Array.from(values));
      const fromWide = shifted(new Uint8Array(n * size), size > 1 ? 1 : 0);
      encodeFromFloat64(dtype, wide, fromWide);
      expectSame(fromWide, bytes);
    });
  }

  test('a chunk of a tensor decodes the same as the whole (subarrays at element offsets)', () => {
    const values = sample('F16', 1000);
    const bytes = new Uint8Array(2000);
    encodeFromFloat32('F16', values, bytes);
    const part = new Float32Array(300);
    decodeToFloat32('F16', bytes.subarray(2 * 123, 2 * 423), part);
    expect(part).toEqual(values.subarray(123, 423));
    const out = new Float32Array(500);
    decodeToFloat32('F16', bytes.subarray(0, 2 * 200), out.subarray(300));
    expect(out.subarray(300, 500)).toEqual(values.subarray(0, 200));
  });

  test('encoding float64 to F16 rounds through float32, as torch does', () => {
    // 1 + 2^-11 + 2^-40 is just above the tie between F16 1.0 and 1.0009765625; float32 drops the 2^-40,
    // making it a tie that goes to even 1.0. torch converts double -> float -> half the same way.
    const out = new Uint8Array(2);
    encodeFromFloat64('F16', new Float64Array([1 + 2 ** -11 + 2 ** -40]), out);
    expect(new Uint16Array(out.buffer)[0]).toBe(0x3c00);
    encodeFromFloat64('BF16', new Float64Array([1 + 2 ** -8 + 2 ** -40]), out);
    expect(new Uint16Array(out.buffer)[0]).toBe(0x3f80);
    const f32 = new Uint8Array(4);
    encodeFromFloat64('F32', new Float64Array([1 + 2 ** -24 + 2 ** -40]), f32);
    expect(new Float32Array(f32.buffer)[0]).toBe(1 + 2 ** -23);
  });

  test('F64 decodes to float32 with round to nearest even', () => {
    const bytes = new Uint8Array(new Float64Array([1 + 2 ** -24, 1 + 3 * 2 ** -24, 1e300]).buffer);
    const out = new Float32Array(3);
    decodeToFloat32('F64', bytes, out);
    expect([...out]).toEqual([1, 1 + 2 ** -22, Infinity]);
  });

  test('refuses a partial element and a destination that is too small', () => {
    expect(() => decodeToFloat32('F16', new Uint8Array(3), new Float32Array(2))).toThrow(/not a whole number of F16 elements/);
    expect(() => decodeToFloat32('F32', new Uint8Array(8), new Float32Array(1))).toThrow(/holds 1 elements, 2 needed/);
    expect(() => encodeFromFloat32('I64', new Float32Array(2), new Uint8Array(15))).toThrow(/holds 15 bytes, 16 needed/);
  });

  test('property: unaligned F16 encode of arbitrary floats (with infinities and NaN) equals the slow reference', () => {
    const specials = new Float32Array([Infinity, -Infinity, NaN, -0, 65520, -65519]);
    const out = shifted(new Uint8Array(12), 1);
    encodeFromFloat32('F16', specials, out);
    expect([...new Uint16Array(out.slice().buffer)]).toEqual([0x7c00, 0xfc00, 0x7e00, 0x8000, 0x7c00, 0xfbff]);
    expect([...specials].map(referenceF16)).toEqual([0x7c00, 0xfc00, 0x7e00, 0x8000, 0x7c00, 0xfbff]);
    fc.assert(
      fc.property(fc.float32Array({ minLength: 1, maxLength: 64 }), fc.integer({ min: 0, max: 1 }), (values, shift) => {
        const dst = shifted(new Uint8Array(values.length * 2), shift);
        encodeFromFloat32('F16', values, dst);
        const view = new DataView(dst.buffer, dst.byteOffset);
        values.forEach((v, i) => expect(view.getUint16(2 * i, true)).toBe(referenceF16(v)));
      }),
    );
  });
});
