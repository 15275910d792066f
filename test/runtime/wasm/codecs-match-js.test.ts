import { describe, expect, test } from 'vitest';
import { SimdKernels } from '../../../src/runtime/wasm/simd.js';
import { decodeF16, encodeF16 } from '../../../src/runtime/dtype/f16.js';
import { decodeBF16, encodeBF16 } from '../../../src/runtime/dtype/bf16.js';

// The SIMD codecs against the JS codecs, bit for bit: every 16-bit pattern decoded, and float32 patterns on,
// beside and between every rounding boundary encoded. Patterns are compared as integers so NaN payloads count.

const simd = new SimdKernels();

function viaKernel(
  kernel: (src: number, dst: number, n: number) => void,
  input: Uint16Array | Uint32Array,
  outBytes: 2 | 4,
): Uint16Array | Uint32Array {
  simd.reset();
  const n = input.length;
  const src = simd.alloc(n, input.BYTES_PER_ELEMENT);
  const dst = simd.alloc(n, outBytes);
  new Uint8Array(simd.fn.memory.buffer, src, input.byteLength).set(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
  kernel(src, dst, n);
  return outBytes === 2 ? new Uint16Array(simd.fn.memory.buffer, dst, n).slice() : new Uint32Array(simd.fn.memory.buffer, dst, n).slice();
}

function firstMismatch(got: ArrayLike<number>, want: ArrayLike<number>, input: ArrayLike<number>): string | undefined {
  for (let i = 0; i < want.length; i++) {
    if (got[i] !== want[i]) return `input 0x${input[i]!.toString(16)}: kernel 0x${got[i]!.toString(16)}, JS 0x${want[i]!.toString(16)}`;
  }
  return undefined;
}

const every16 = Uint16Array.from({ length: 65536 }, (_, i) => i);

/** float32 patterns at, one step below and one step above `bits`, for each sign. */
function around(bits: number[]): Uint32Array {
  const out: number[] = [];
  for (const b of bits) for (const d of [-1, 0, 1]) for (const sign of [0, 0x80000000]) out.push(((b + d) | sign) >>> 0);
  return Uint32Array.from(out);
}

/** Special float32 patterns: zeros, the float32 subnormal range, infinities, NaNs with assorted payloads. */
const SPECIALS = [0, 1, 2, 0x3ff, 0x400000, 0x7fffff, 0x800000, 0x7f7fffff, 0x7f800000, 0x7f800001, 0x7fc00000, 0x7fffffff, 0x7fa00000, 0x7f801234];

describe('SIMD codecs are bit-identical to the JS codecs', () => {
  test('f16 -> f32, every pattern (NaN payloads kept)', () => {
    const got = viaKernel(simd.fn.f16_to_f32, every16, 4);
    const want = new Float32Array(65536);
    decodeF16(every16, want);
    expect(firstMismatch(got, new Uint32Array(want.buffer), every16)).toBeUndefined();
  });

  test('bf16 -> f32, every pattern', () => {
    const got = viaKernel(simd.fn.bf16_to_f32, every16, 4);
    const want = new Float32Array(65536);
    decodeBF16(every16, want);
    expect(firstMismatch(got, new Uint32Array(want.buffer), every16)).toBeUndefined();
  });

  test('f32 -> f16 around every rounding boundary, every half, overflow, subnormals, NaN and Inf', () => {
    const decoded = new Uint32Array(65536);
    decodeF16(every16, new Float32Array(decoded.buffer));
    const values = new Float32Array(decoded.buffer);
    const midpoint = new Float32Array(1);
    // 65520, the overflow threshold (half way from 65504 to the next step, which is infinity)
    const boundaries: number[] = [...SPECIALS, 0x477ff000];
    for (let h = 0; h < 0x7bff; h++) {
      boundaries.push(decoded[h]!);
      // the midpoint between neighbours, exact in float32 (a half has 11 significant bits)
      midpoint[0] = (values[h]! + values[h + 1]!) / 2;
      boundaries.push(new Uint32Array(midpoint.buffer)[0]!);
    }
    // f16 subnormal underflow: half the smallest subnormal and below, in float32's own subnormals too
    for (let e = 0; e < 0x33800000; e += 0x00800000) boundaries.push(e, e + 0x400000);
    const input = around(boundaries);
    const got = viaKernel(simd.fn.f32_to_f16, input, 2);
    const want = new Uint16Array(input.length);
    encodeF16(new Float32Array(input.buffer), want);
    expect(input.length).toBeGreaterThan(6 * 2 * 0x7c00);
    expect(firstMismatch(got, want, input)).toBeUndefined();
  });

  test('f32 -> bf16 around every rounding boundary, NaN and Inf', () => {
    const boundaries: number[] = [...SPECIALS];
    for (let h = 0; h < 0x7f80; h++) boundaries.push(h << 16, ((h << 16) | 0x8000) >>> 0);
    const input = around(boundaries);
    const got = viaKernel(simd.fn.f32_to_bf16, input, 2);
    const want = new Uint16Array(input.length);
    encodeBF16(new Float32Array(input.buffer), want);
    expect(firstMismatch(got, want, input)).toBeUndefined();
  });
});

describe('the fused fp16 kernel', () => {
  test('lerp_f16 equals decode, lerp, encode on every half pattern against shuffled ones', () => {
    const n = 65536;
    const a = every16;
    const b = Uint16Array.from({ length: n }, (_, i) => (i * 40503 + 17) & 0xffff); // a permutation of all patterns
    const weights: [number, number][] = [[Math.fround(0.7), Math.fround(0.3)], [Math.fround(1 - 1 / 3), Math.fround(1 / 3)], [1, 0]];
    for (const [wa, wb] of weights) {
      simd.reset();
      const pa = simd.alloc(n, 2);
      const pb = simd.alloc(n, 2);
      const fa = simd.alloc(n, 4);
      const fb = simd.alloc(n, 4);
      const staged = simd.alloc(n, 2);
      const fusedOut = simd.alloc(n, 2);
      new Uint16Array(simd.fn.memory.buffer, pa, n).set(a);
      new Uint16Array(simd.fn.memory.buffer, pb, n).set(b);
      simd.fn.f16_to_f32(pa, fa, n);
      simd.fn.f16_to_f32(pb, fb, n);
      simd.fn.lerp(fa, fb, fa, n, wa, wb);
      simd.fn.f32_to_f16(fa, staged, n);
      simd.fn.lerp_f16(pa, pb, fusedOut, n, wa, wb);
      const want = new Uint16Array(simd.fn.memory.buffer, staged, n);
      const got = new Uint16Array(simd.fn.memory.buffer, fusedOut, n);
      expect(firstMismatch(got, want, a), `weights ${wa}, ${wb}`).toBeUndefined();
    }
  });
});
