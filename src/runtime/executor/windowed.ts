import { dtypeSize } from '../dtype/dtype.js';
import { decodeToFloat32, encodeFromFloat32 } from '../dtype/codec.js';
import type { TensorReader } from '../safetensors/reader.js';
import type { ComputeKey } from '../../plan/plan.js';
import { elementsOf, isWindowable, WINDOW } from '../../plan/memory.js';
import { kernelContext } from '../methods/kernel.js';
import { windowedFactory, type WindowedStep } from '../methods/windowed.js';


/**
 * Computes a key a window of elements at a time when every step of its program has a windowed form (see
 * methods/windowed.ts): instead of whole decoded tensors, each value of the program holds one window. A step that
 * gathers statistics first (TIES's thresholds) gets its passes over the windows of its arguments, recomputed from
 * the inputs each pass; then a last pass computes and encodes the result. A key that fits in one window is read
 * once: a value keeps its window across passes.
 */

/** Scratch reused from key to key, so a worker's memory stays flat however many keys it computes. */
export class WindowScratch {
  private readonly values: Float32Array[] = [];
  /** Raw bytes of one input window, for any dtype up to 8 bytes. */
  readonly raw = new Uint8Array(WINDOW * 8);
  /** Per-element counters of the steps that need them (dropout's survivors). */
  readonly counts = new Uint8Array(WINDOW);

  valueBuffers(count: number): Float32Array[] {
    while (this.values.length < count) this.values.push(new Float32Array(WINDOW));
    return this.values.slice(0, count);
  }
}

/**
 * Computes `key` into `out` in windows and returns how many result values are NaN or infinite; undefined (nothing
 * written) when the key is not windowable or an input's size differs from the output's, left to the whole-tensor
 * path and its errors.
 */
export function runWindowed(
  key: ComputeKey,
  workDtype: 'fp32' | 'fp64',
  readers: readonly TensorReader[],
  out: Uint8Array,
  scratch: WindowScratch,
): number | undefined {
  if (!isWindowable(key, workDtype)) return undefined;
  const { loads, steps, result } = key.program;
  const total = elementsOf(key.shape);
  const entries = loads.map((l) => readers[l.input]!.entry(l.key));
  if (entries.some((e) => elementsOf(e.shape) !== total)) return undefined;

  const ctx = kernelContext(key.name, 'fp32');
  const windowed: WindowedStep[] = steps.map((s) => windowedFactory(s.method, s.hypers, s.args.length)!(s.hypers, s.args.length, total, ctx));
  const buffers = scratch.valueBuffers(loads.length + steps.length);
  // The first element of the window each value's buffer holds, -1 for none.
  const holds = new Array<number>(buffers.length).fill(-1);

  const valueAt = (v: number, first: number, length: number): Float32Array => {
    const window = buffers[v]!.subarray(0, length);
    if (holds[v] === first) return window;
    if (v < loads.length) {
      const entry = entries[v]!;
      const size = dtypeSize(entry.dtype);
      const raw = scratch.raw.subarray(0, length * size);
      readers[loads[v]!.input]!.readRange(loads[v]!.key, first * size, raw);
      decodeToFloat32(entry.dtype, raw, window);
    } else {
      const s = v - loads.length;
      const args = steps[s]!.args.map((a) => valueAt(a, first, length));
      windowed[s]!.compute(args, first, window, scratch.counts);
    }
    holds[v] = first;
    return window;
  };

  windowed.forEach((step, s) => {
    for (let pass = 0; pass < step.passes; pass++) {
      for (let first = 0; first < total; first += WINDOW) {
        const length = Math.min(WINDOW, total - first);
        step.observe(
          pass,
          steps[s]!.args.map((a) => valueAt(a, first, length)),
          first,
        );
      }
      step.endPass(pass);
    }
  });

  const outSize = dtypeSize(key.dtype);
  let nonFinite = 0;
  for (let first = 0; first < total; first += WINDOW) {
    const length = Math.min(WINDOW, total - first);
    const window = valueAt(result, first, length);
    encodeFromFloat32(key.dtype, window, out.subarray(first * outSize, (first + length) * outSize));
    for (let i = 0; i < length; i++) if (!Number.isFinite(window[i]!)) nonFinite++;
  }
  return nonFinite;
}
