import { dtypeSize } from '../dtype/dtype.js';
import { encodeFromFloat32, encodeFromFloat64 } from '../dtype/codec.js';
import type { TensorReader } from '../safetensors/reader.js';
import { kernelContext, type Kernel, type Tensor } from '../methods/kernel.js';
import { lastUses, type ComputeKey } from '../../plan/plan.js';
import { SimdKernels } from '../wasm/simd.js';
import { compileFused, runFused } from './fused.js';
import { LORA_STEP, loraDelta } from '../lora/lora-delta.js';
import { runWindowed, WindowScratch } from './windowed.js';

/** Where a kernel is looked up by method name. */
export type KernelTable = ReadonlyMap<string, Kernel>;

/** Thrown when a key cannot be computed; the executor adds the output file and reports it. */
export class ComputeError extends Error {
  override readonly name = 'ComputeError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`key "${key}": ${message}`);
  }
}

/** The byte length of a key's encoded output. */
export function outputBytes(key: ComputeKey): number {
  return key.shape.reduce((a, b) => a * b, 1) * dtypeSize(key.dtype);
}

/**
 * Computes one merged key: the fused SIMD path when its program allows, then the windowed path (whole-tensor
 * methods that reduce to statistics over windows), else the generic path that decodes whole
 * tensors and calls each method's kernel, freeing every value after its last use.
 */
export class KeyComputer {
  private readonly simd = new SimdKernels();
  private readonly windows = new WindowScratch();

  constructor(
    private readonly kernels: KernelTable,
    private readonly workDtype: 'fp32' | 'fp64',
  ) {}

  /** Computes a key and encodes it into `out` (exactly its byte length); returns how many values are NaN or inf. */
  compute(key: ComputeKey, readers: readonly TensorReader[], out: Uint8Array): number {
    if (out.byteLength !== outputBytes(key)) throw new ComputeError(key.name, `output buffer of ${out.byteLength} bytes, expected ${outputBytes(key)}`);
    const fused = compileFused(key, this.workDtype);
    if (fused) return runFused(this.simd, fused, key, readers, out);
    const windowed = runWindowed(key, this.workDtype, readers, out, this.windows);
    if (windowed !== undefined) return windowed;
    const result = this.evaluate(key, readers);
    if (result.data instanceof Float32Array) encodeFromFloat32(key.dtype, result.data, out);
    else encodeFromFloat64(key.dtype, result.data, out);
    return countNonFinite(result.data);
  }

  /** The generic path: whole tensors in the work dtype. */
  evaluate(key: ComputeKey, readers: readonly TensorReader[]): Tensor {
    const { loads, steps, result } = key.program;
    const last = lastUses(key.program);
    const values: (Tensor | undefined)[] = [];
    const ctx = kernelContext(key.name, this.workDtype);
    for (const load of loads) {
      const reader = readers[load.input]!;
      const shape = reader.entry(load.key).shape;
      const data = this.workDtype === 'fp32' ? reader.readFloat32(load.key) : reader.readFloat64(load.key);
      values.push({ shape, data });
    }
    steps.forEach((step, i) => {
      const args = step.args.map((a) => values[a]!);
      if (step.method === LORA_STEP) {
        values.push(loraDelta(args, String(step.hypers['factors']), ctx));
      } else {
        const kernel = this.kernels.get(step.method);
        if (!kernel) throw new ComputeError(key.name, `no kernel for merge method "${step.method}"`);
        values.push(kernel(args, step.hypers, ctx));
      }
      for (const a of step.args) if (last[a] === i) values[a] = undefined;
    });
    const out = values[result]!;
    if (out.data.length !== key.shape.reduce((a, b) => a * b, 1)) {
      throw new ComputeError(key.name, `the result has ${out.data.length} elements, expected shape [${key.shape.join(', ')}]`);
    }
    return out;
  }
}

function countNonFinite(data: Float32Array | Float64Array): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) n++;
  return n;
}
