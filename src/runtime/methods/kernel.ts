/**
 * The contract between the executor and a merge method's math. A kernel sees one key at a time: its input tensors
 * (already decoded to the work dtype, in the order of the method's model parameters) and its hyperparameters already
 * resolved for that key (blocks and classes applied). It returns a new tensor and never mutates its inputs.
 */

export type WorkArray = Float32Array | Float64Array;

export interface Tensor {
  readonly shape: readonly number[];
  readonly data: WorkArray;
}

export type HyperValue = number | boolean | string | null;
export type Hypers = Readonly<Record<string, HyperValue>>;

export interface KernelContext {
  /** The output key being computed (some methods treat 1-D tensors or embeddings differently). */
  readonly key: string;
  readonly workDtype: 'fp32' | 'fp64';
  /**
   * Rounds an intermediate result to the work dtype: `Math.fround` for fp32, identity for fp64. Applying it after
   * every arithmetic step gives torch's fp32 semantics (plain JS doubles would differ in many elements).
   */
  readonly round: (x: number) => number;
  /** A zeroed array of the work dtype. */
  alloc(length: number): WorkArray;
}

export type Kernel = (inputs: readonly Tensor[], hypers: Hypers, ctx: KernelContext) => Tensor;

export function kernelContext(key: string, workDtype: 'fp32' | 'fp64' = 'fp32'): KernelContext {
  return workDtype === 'fp32'
    ? { key, workDtype, round: Math.fround, alloc: (n) => new Float32Array(n) }
    : { key, workDtype, round: (x) => x, alloc: (n) => new Float64Array(n) };
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
