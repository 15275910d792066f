import { KERNELS_WASM_BASE64 } from './kernels-binary.js';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  f16_to_f32(src: number, dst: number, n: number): void;
  f32_to_f16(src: number, dst: number, n: number): void;
  bf16_to_f32(src: number, dst: number, n: number): void;
  f32_to_bf16(src: number, dst: number, n: number): void;
  lerp(a: number, b: number, dst: number, n: number, wa: number, wb: number): void;
  /** lerp over fp16 a and b into fp16 dst, decoding and encoding in registers. */
  lerp_f16(a: number, b: number, dst: number, n: number, wa: number, wb: number): void;
  axpy(a: number, b: number, dst: number, n: number, alpha: number): void;
  add(a: number, b: number, dst: number, n: number): void;
  sub(a: number, b: number, dst: number, n: number): void;
  scale(a: number, dst: number, n: number, s: number): void;
  divide(a: number, dst: number, n: number, s: number): void;
  /** Counts 16-bit floats whose exponent bits are all set; n at most 262136 (the lanes count in 16 bits). */
  count_nonfinite16(src: number, n: number, mask: number): number;
  count_nonfinite32(src: number, n: number): number;
}

let compiled: WebAssembly.Module | undefined;

function compiledModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

/** Regions are padded so that no two start at the same power-of-two offset (cache aliasing halves throughput). */
const REGION_ALIGN = 64;
const REGION_PAD = 4096 + 64 * 3;

/**
 * One instance of the SIMD kernels with its own linear memory, used by one thread. Memory is handed out as
 * regions from a bump allocator that is reset between units of work; every region holds a multiple of 8 elements
 * because the kernels have no scalar tail.
 */
export class SimdKernels {
  readonly fn: KernelExports;
  private top = REGION_PAD;

  constructor() {
    this.fn = new WebAssembly.Instance(compiledModule(), {}).exports as unknown as KernelExports;
  }

  /** Frees every region. */
  reset(): void {
    this.top = REGION_PAD;
  }

  /** Reserves room for `count` elements of `bytesPerElement` bytes (rounded up to 8 elements); returns its offset. */
  alloc(count: number, bytesPerElement: number): number {
    const bytes = roundUp8(count) * bytesPerElement;
    const offset = this.top;
    this.top = alignUp(offset + bytes + REGION_PAD, REGION_ALIGN);
    const memory = this.fn.memory;
    if (this.top > memory.buffer.byteLength) {
      memory.grow(Math.ceil((this.top - memory.buffer.byteLength) / 65536));
    }
    return offset;
  }

  /** The whole memory as bytes. Views must be taken again after any `alloc`, which can grow (and detach) it. */
  bytes(): Uint8Array {
    return new Uint8Array(this.fn.memory.buffer);
  }

  f32(offset: number, count: number): Float32Array {
    return new Float32Array(this.fn.memory.buffer, offset, count);
  }
}

export function roundUp8(n: number): number {
  return (n + 7) & ~7;
}

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
