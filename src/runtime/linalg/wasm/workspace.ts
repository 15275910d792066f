import { LINALG_WASM_BASE64 } from './linalg-binary.js';

/** The kernels of linalg.wat; pointers are byte offsets into the workspace memory, strides are in bytes. */
export interface LinalgKernels {
  axpy(y: number, x: number, n: number, alpha: number): void;
  dot(x: number, y: number, n: number): number;
  gemv_t(a: number, lda: number, rows: number, cols: number, v: number, w: number): void;
  rank1(a: number, lda: number, rows: number, cols: number, x: number, y: number, alpha: number): void;
  reflect_rows(a: number, lda: number, rows: number, cols: number, v: number, beta: number): void;
  left_right_rows(
    a: number,
    lda: number,
    rows: number,
    cols: number,
    x: number,
    w: number,
    alpha: number,
    v: number,
    beta: number,
  ): void;
  symv_lower(a: number, lda: number, n: number, v: number, p: number): void;
  syr2_lower(a: number, lda: number, n: number, v: number, w: number): void;
  rot(x: number, y: number, n: number, c: number, s: number): void;
  rot_chain(base: number, ld: number, lo: number, hi: number, cs: number, sn: number, n: number, desc: number): void;
  gemm_core(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
  ): void;
}

let compiled: WebAssembly.Module | undefined;

const PAGE = 65536;
/** Arrays start 64-byte aligned and a little past a multiple of 4 KiB apart, so that equal-sized matrices do not
 * map onto the same cache sets (which halves the speed of kernels that walk two of them in step). */
const ALIGN = 64;
const PAD = 4096 + 3 * 64;

/** Workspaces up to this size are kept for reuse; bigger ones are dropped after their computation. */
const KEEP_BYTES = 32 << 20;
let spare: Workspace | undefined;

/**
 * A workspace of at least this size, for one computation; hand it back with `releaseWorkspace`. Small workspaces
 * are reused: each one reserves a large range of address space for its guard regions, and thousands of small keys
 * would otherwise create thousands of them faster than the garbage collector returns them.
 */
export function acquireWorkspace(doubles: number, arrays = 64): Workspace {
  const ws = spare;
  if (ws && ws.fits(doubles, arrays)) {
    spare = undefined;
    ws.release(PAD);
    return ws;
  }
  return new Workspace(doubles, arrays);
}

export function releaseWorkspace(ws: Workspace): void {
  if (ws.bytes <= KEEP_BYTES && (!spare || spare.bytes < ws.bytes)) spare = ws;
}

/**
 * A private linear memory sized for one computation, with the SIMD kernels bound to it. Arrays are handed out by a
 * bump allocator; `mark` and `release` free everything allocated after a mark. The memory never grows (growing
 * would detach the views already handed out), so a computation asks for its whole size up front.
 */
export class Workspace {
  readonly fn: LinalgKernels;
  private readonly memory: WebAssembly.Memory;
  private readonly capacity: number;
  private top = PAD;

  /** `doubles`: how many float64 values will be live at most; `arrays`: how many arrays at most (for padding). */
  constructor(doubles: number, arrays = 64) {
    compiled ??= new WebAssembly.Module(Buffer.from(LINALG_WASM_BASE64, 'base64'));
    this.capacity = Math.ceil((doubles * 8 + (arrays + 2) * (PAD + ALIGN)) / PAGE) * PAGE;
    if (this.capacity > 2 ** 32)
      throw new RangeError(`linear algebra workspace of ${this.capacity} bytes is over 4 GiB`);
    this.memory = new WebAssembly.Memory({ initial: this.capacity / PAGE });
    const instance = new WebAssembly.Instance(compiled, { env: { memory: this.memory } });
    this.fn = instance.exports as unknown as LinalgKernels;
  }

  get bytes(): number {
    return this.capacity;
  }

  /** Whether this workspace could serve a request of that size. */
  fits(doubles: number, arrays: number): boolean {
    return doubles * 8 + (arrays + 2) * (PAD + ALIGN) <= this.capacity;
  }

  /** A zeroed float64 array of this memory. */
  f64(length: number): Float64Array {
    const offset = this.top;
    const end = offset + length * 8;
    if (end > this.capacity) throw new RangeError('linear algebra workspace exhausted (size estimate too small)');
    this.top = Math.ceil((end + PAD) / ALIGN) * ALIGN;
    const view = new Float64Array(this.memory.buffer, offset, length);
    view.fill(0);
    return view;
  }

  /** A copy of `values` in this memory. */
  copy(values: ArrayLike<number>): Float64Array {
    const view = this.f64(values.length);
    if (values instanceof Float64Array || values instanceof Float32Array) view.set(values);
    else for (let i = 0; i < values.length; i++) view[i] = values[i]!;
    return view;
  }

  mark(): number {
    return this.top;
  }

  /** Frees everything allocated since `mark` (its views must no longer be used). */
  release(mark: number): void {
    this.top = mark;
  }
}

/** Byte offset of a workspace array, for the kernels. */
export function ptr(view: Float64Array, index = 0): number {
  return view.byteOffset + index * 8;
}
