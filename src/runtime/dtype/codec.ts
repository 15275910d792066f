import { endianness } from 'node:os';
import { dtypeSize, type DType } from './dtype.js';
import { decodeF16, encodeF16 } from './f16.js';
import { decodeBF16, encodeBF16 } from './bf16.js';
import { decodeE4M3, decodeE5M2, encodeE4M3, encodeE5M2 } from './f8.js';
import { decodeBool, decodeI64, encodeBool, encodeI64, encodeInt } from './int.js';

/**
 * Codecs between the raw little-endian bytes of any dtype and Float32Array / Float64Array.
 *
 * They work on caller-provided buffers and allocate nothing per element; for a chunk, pass subarrays. The bytes
 * may sit at any offset (a tensor inside a file buffer is often not 2/4/8-aligned): aligned input is viewed in
 * place, unaligned input is copied block by block into an aligned scratch buffer, which measured faster than a
 * DataView loop (a block copy runs at memory speed).
 *
 * Source and destination must not overlap.
 *
 * Float64 work encodes to the small float dtypes through float32, as torch's casts do (c10 converts double to
 * Half/BFloat16/Float8 via float), so fp64 results match torch bit for bit.
 */

if (endianness() !== 'LE') throw new Error('mecha needs a little-endian machine: safetensors data is little-endian');

/** Elements per block of the unaligned and float64 paths: small enough for L2, large enough to amortize. */
const BLOCK = 16384;
const scratch = new ArrayBuffer(BLOCK * 8);
const scratchBytes = new Uint8Array(scratch);
const scratchF32 = new Float32Array(BLOCK);

type FloatArray = Float32Array | Float64Array;

function elementsOf(dtype: DType, bytes: Uint8Array): number {
  const size = dtypeSize(dtype);
  if (bytes.byteLength % size !== 0) {
    throw new RangeError(`${bytes.byteLength} bytes are not a whole number of ${dtype} elements (${size} bytes each)`);
  }
  return bytes.byteLength / size;
}

function checkRoom(n: number, have: number, what: string, unit: string): void {
  if (have < n) throw new RangeError(`${what} holds ${have} ${unit}, ${n} needed`);
}

/** Decodes every element of `src` (raw bytes of `dtype`) into the start of `dst`. */
export function decodeToFloat32(dtype: DType, src: Uint8Array, dst: Float32Array): void {
  decode(dtype, src, dst);
}

/** Decodes every element of `src` into the start of `dst` as float64 (exact for every dtype but I64 > 2^53). */
export function decodeToFloat64(dtype: DType, src: Uint8Array, dst: Float64Array): void {
  decode(dtype, src, dst);
}

/** Encodes every element of `src` into `dst` (raw bytes of `dtype`, src.length * size bytes). */
export function encodeFromFloat32(dtype: DType, src: Float32Array, dst: Uint8Array): void {
  encode(dtype, src, dst);
}

/** Encodes float64 values; the small float dtypes round through float32 as torch does. */
export function encodeFromFloat64(dtype: DType, src: Float64Array, dst: Uint8Array): void {
  encode(dtype, src, dst);
}

function decode(dtype: DType, src: Uint8Array, dst: FloatArray): void {
  const n = elementsOf(dtype, src);
  checkRoom(n, dst.length, 'the destination', 'elements');
  const size = dtypeSize(dtype);
  const needsBlocks = src.byteOffset % size !== 0 || (dst instanceof Float64Array && viaFloat32(dtype));
  if (!needsBlocks) {
    decodeAligned(dtype, src.buffer, src.byteOffset, n, dst);
    return;
  }
  for (let done = 0; done < n; done += BLOCK) {
    const m = Math.min(BLOCK, n - done);
    const part = dst.subarray(done, done + m);
    if (src.byteOffset % size !== 0) {
      scratchBytes.set(src.subarray(done * size, (done + m) * size));
      decodeAligned(dtype, scratch, 0, m, part);
    } else {
      decodeAligned(dtype, src.buffer, src.byteOffset + done * size, m, part);
    }
  }
}

/** Decodes `n` elements at an aligned `offset` of `buffer`. */
function decodeAligned(dtype: DType, buffer: ArrayBufferLike, offset: number, n: number, dst: FloatArray): void {
  switch (dtype) {
    case 'F32':
      dst.set(new Float32Array(buffer, offset, n));
      return;
    case 'F64':
      if (dst instanceof Float64Array) dst.set(new Float64Array(buffer, offset, n));
      else narrow(new Float64Array(buffer, offset, n), dst, n);
      return;
    case 'F16':
    case 'BF16':
    case 'F8_E4M3':
    case 'F8_E5M2': {
      // These decoders write float32; float64 work widens afterwards (exact). Blocks keep that in scratch.
      const out = dst instanceof Float32Array ? dst : scratchF32;
      if (dtype === 'F16') decodeF16(new Uint16Array(buffer, offset, n), out, n);
      else if (dtype === 'BF16') decodeBF16(new Uint16Array(buffer, offset, n), out, n);
      else if (dtype === 'F8_E4M3') decodeE4M3(new Uint8Array(buffer, offset, n), out, n);
      else decodeE5M2(new Uint8Array(buffer, offset, n), out, n);
      if (out !== dst) dst.set(out.subarray(0, n));
      return;
    }
    case 'I64':
      decodeI64(new Int32Array(buffer, offset, 2 * n), dst, n);
      return;
    // TypedArray.set converts integers to floats exactly and measured 2-4x faster than a loop.
    case 'I32':
      dst.set(new Int32Array(buffer, offset, n));
      return;
    case 'I16':
      dst.set(new Int16Array(buffer, offset, n));
      return;
    case 'I8':
      dst.set(new Int8Array(buffer, offset, n));
      return;
    case 'U8':
      dst.set(new Uint8Array(buffer, offset, n));
      return;
    case 'BOOL':
      decodeBool(new Uint8Array(buffer, offset, n), dst, n);
      return;
  }
}

function encode(dtype: DType, src: FloatArray, dst: Uint8Array): void {
  const n = src.length;
  const size = dtypeSize(dtype);
  checkRoom(n * size, dst.byteLength, 'the destination', 'bytes');
  if (dtype === 'F32' || dtype === 'F64') {
    // Same float type: a byte copy, whatever the alignment.
    if ((dtype === 'F32') === src instanceof Float32Array) {
      dst.set(new Uint8Array(src.buffer, src.byteOffset, n * size));
      return;
    }
  }
  const viaF32 = src instanceof Float64Array && viaFloat32(dtype);
  if (dst.byteOffset % size === 0 && !viaF32) {
    encodeAligned(dtype, src, dst.buffer, dst.byteOffset, n);
    return;
  }
  for (let done = 0; done < n; done += BLOCK) {
    const m = Math.min(BLOCK, n - done);
    let part: FloatArray = src.subarray(done, done + m);
    if (viaF32) {
      narrow(part as Float64Array, scratchF32, m);
      part = scratchF32.subarray(0, m);
    }
    if (dst.byteOffset % size === 0) {
      encodeAligned(dtype, part, dst.buffer, dst.byteOffset + done * size, m);
    } else {
      encodeAligned(dtype, part, scratch, 0, m);
      dst.set(scratchBytes.subarray(0, m * size), done * size);
    }
  }
}

/**
 * float64 -> float32 with round to nearest even. A plain loop: TypedArray.set does the same conversion but
 * measured 2x slower (0.38 vs 0.85 G elem/s).
 */
function narrow(src: Float64Array, dst: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) dst[i] = src[i]!;
}

/** The small float dtypes, whose kernels take and give float32. */
function viaFloat32(dtype: DType): boolean {
  return dtype === 'F16' || dtype === 'BF16' || dtype === 'F8_E4M3' || dtype === 'F8_E5M2';
}

/** Encodes `n` elements to an aligned `offset` of `buffer`. Small float dtypes get float32 input. */
function encodeAligned(dtype: DType, src: FloatArray, buffer: ArrayBufferLike, offset: number, n: number): void {
  switch (dtype) {
    case 'F32':
      narrow(src as Float64Array, new Float32Array(buffer, offset, n), n); // float32 input was a byte copy above
      return;
    case 'F64':
      new Float64Array(buffer, offset, n).set(src);
      return;
    case 'F16':
      encodeF16(src as Float32Array, new Uint16Array(buffer, offset, n), n);
      return;
    case 'BF16':
      encodeBF16(src as Float32Array, new Uint16Array(buffer, offset, n), n);
      return;
    case 'F8_E4M3':
      encodeE4M3(src as Float32Array, new Uint8Array(buffer, offset, n), n);
      return;
    case 'F8_E5M2':
      encodeE5M2(src as Float32Array, new Uint8Array(buffer, offset, n), n);
      return;
    case 'I64':
      encodeI64(src, new Int32Array(buffer, offset, 2 * n), n);
      return;
    case 'I32':
      encodeInt(src, new Int32Array(buffer, offset, n), -2147483648, 2147483647, n);
      return;
    case 'I16':
      encodeInt(src, new Int16Array(buffer, offset, n), -32768, 32767, n);
      return;
    case 'I8':
      encodeInt(src, new Int8Array(buffer, offset, n), -128, 127, n);
      return;
    case 'U8':
      encodeInt(src, new Uint8Array(buffer, offset, n), 0, 255, n);
      return;
    case 'BOOL':
      encodeBool(src, new Uint8Array(buffer, offset, n), n);
      return;
  }
}
