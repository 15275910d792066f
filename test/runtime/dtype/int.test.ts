import { describe, expect, test } from 'vitest';
import { decodeBool, decodeI64, decodeInt, encodeBool, encodeI64, encodeInt } from '../../../src/runtime/dtype/int.js';

function i64Halves(values: bigint[]): Int32Array {
  return new Int32Array(new BigInt64Array(values).buffer);
}

describe('I64', () => {
  const values = [0n, 1n, -1n, 5n, 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 32n + 7n, 2n ** 53n - 1n, -(2n ** 53n) + 3n, 2n ** 63n - 1n, -(2n ** 63n)];

  test('decodes to float64 with one rounding (exact below 2^53)', () => {
    const out = new Float64Array(values.length);
    decodeI64(i64Halves(values), out);
    expect([...out]).toEqual(values.map((v) => Number(v)));
  });

  test('decodes to float32 with one rounding, even above 2^53 where rounding twice would differ', () => {
    // 2^62 + 2^38 + 1: through a double the +1 is lost, leaving a tie that goes down to 2^62; correct is up.
    const tricky = [2n ** 62n + 2n ** 38n + 1n, -(2n ** 62n + 2n ** 38n + 1n), 2n ** 62n + 2n ** 38n, 2n ** 60n + 3n];
    const out = new Float32Array(values.length + tricky.length);
    decodeI64(i64Halves([...values, ...tricky]), out);
    const want = [...values.map((v) => Math.fround(Number(v))), 2 ** 62 + 2 ** 39, -(2 ** 62 + 2 ** 39), 2 ** 62, 2 ** 60];
    expect([...out]).toEqual(want);
  });

  test('encodes by truncating toward zero, saturating, NaN -> 0', () => {
    const src = new Float64Array([0, 2.9, -2.9, 4294967296.5, -4294967297, 2 ** 53, 2 ** 62, 1e30, -1e30, -(2 ** 63), NaN, Infinity, -Infinity]);
    const out = new Int32Array(src.length * 2);
    encodeI64(src, out);
    expect([...new BigInt64Array(out.buffer)]).toEqual([
      0n, 2n, -2n, 4294967296n, -4294967297n, 2n ** 53n, 2n ** 62n, 2n ** 63n - 1n, -(2n ** 63n), -(2n ** 63n), 0n, 2n ** 63n - 1n, -(2n ** 63n),
    ]);
  });

  test('round trip of every value a float64 holds exactly', () => {
    const src = new Float64Array(values.filter((v) => v >= -(2n ** 53n) && v <= 2n ** 53n).map(Number));
    const halves = new Int32Array(src.length * 2);
    encodeI64(src, halves);
    const back = new Float64Array(src.length);
    decodeI64(halves, back);
    expect(back).toEqual(src);
  });
});

describe('I32, I16, I8, U8', () => {
  test('decode exactly', () => {
    const out = new Float32Array(3);
    decodeInt(new Int8Array([-128, 0, 127]), out);
    expect([...out]).toEqual([-128, 0, 127]);
    decodeInt(new Uint8Array([0, 128, 255]), out);
    expect([...out]).toEqual([0, 128, 255]);
    decodeInt(new Int16Array([-32768, 1, 32767]), out);
    expect([...out]).toEqual([-32768, 1, 32767]);
    const wide = new Float64Array(2);
    decodeInt(new Int32Array([-2147483648, 2147483647]), wide);
    expect([...wide]).toEqual([-2147483648, 2147483647]);
  });

  test('encode truncating toward zero, saturating at the type range, NaN -> 0', () => {
    const src = new Float32Array([1.9, -1.9, 300, -300, NaN, Infinity, -Infinity, 127.5, -0.5]);
    const i8 = new Int8Array(src.length);
    encodeInt(src, i8, -128, 127);
    expect([...i8]).toEqual([1, -1, 127, -128, 0, 127, -128, 127, 0]);
    const u8 = new Uint8Array(src.length);
    encodeInt(src, u8, 0, 255);
    expect([...u8]).toEqual([1, 0, 255, 0, 0, 255, 0, 127, 0]);
    const i32 = new Int32Array(3);
    encodeInt(new Float64Array([3e9, -3e9, -2147483648.7]), i32, -2147483648, 2147483647);
    expect([...i32]).toEqual([2147483647, -2147483648, -2147483648]);
    const i16 = new Int16Array(2);
    encodeInt(new Float32Array([40000, -12.7]), i16, -32768, 32767);
    expect([...i16]).toEqual([32767, -12]);
  });
});

describe('BOOL', () => {
  test('decodes any nonzero byte as 1 and encodes x != 0 (NaN is true, as in torch)', () => {
    const out = new Float32Array(4);
    decodeBool(new Uint8Array([0, 1, 2, 255]), out);
    expect([...out]).toEqual([0, 1, 1, 1]);
    const bytes = new Uint8Array(5);
    encodeBool(new Float32Array([0, -0, 0.5, NaN, -3]), bytes);
    expect([...bytes]).toEqual([0, 0, 1, 1, 1]);
  });
});
