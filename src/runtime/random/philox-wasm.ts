import { PHILOX_WASM_BASE64 } from './philox-binary.js';

/** The exports of philox.wat. */
export interface PhiloxWasm {
  readonly memory: WebAssembly.Memory;
  fill(dst: number, count: number, lo: number, hi: number, c2: number, c3: number, k0: number, k1: number): void;
}

/** Blocks per call: one 64 KiB page of output. */
const CHUNK_BLOCKS = 4096;
const TWO_POW_32 = 4294967296;

let instance: PhiloxWasm | undefined;

/** This thread's instance (module state is per worker, so threads never share it). */
export function philoxWasm(): PhiloxWasm {
  instance ??= new WebAssembly.Instance(
    new WebAssembly.Module(Buffer.from(PHILOX_WASM_BASE64, 'base64')),
    {},
  ).exports as unknown as PhiloxWasm;
  return instance;
}

/**
 * Same contract as philoxFill, for a block index below 2^53: the words of blocks block0 .. block0 + count - 1
 * (counter words 0 and 1 hold the block index) into dst from `offset`.
 */
export function philoxFillWasm(
  dst: Uint32Array,
  offset: number,
  count: number,
  block0: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
): void {
  const wasm = philoxWasm();
  const words = new Uint32Array(wasm.memory.buffer, 0, CHUNK_BLOCKS * 4);
  for (let done = 0; done < count; done += CHUNK_BLOCKS) {
    const n = Math.min(CHUNK_BLOCKS, count - done);
    const block = block0 + done;
    const lo = block % TWO_POW_32;
    wasm.fill(0, n, lo, (block - lo) / TWO_POW_32, c2, c3, k0, k1);
    dst.set(n === CHUNK_BLOCKS ? words : words.subarray(0, n * 4), offset + done * 4);
  }
}
