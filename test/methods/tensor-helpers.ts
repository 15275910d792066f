/** Small builders shared by the method tests: fp32 tensors from plain numbers, and a kernel runner. */

import { kernelContext, type Hypers, type Kernel, type Tensor } from '../../src/runtime/methods/kernel.js';

export function f32(values: readonly number[], shape: readonly number[] = [values.length]): Tensor {
  return { shape, data: Float32Array.from(values) };
}

export function f64(values: readonly number[], shape: readonly number[] = [values.length]): Tensor {
  return { shape, data: Float64Array.from(values) };
}

export function run(kernel: Kernel, inputs: readonly Tensor[], hypers: Hypers = {}, dtype: 'fp32' | 'fp64' = 'fp32'): Tensor {
  return kernel(inputs, hypers, kernelContext('model.diffusion_model.out.2.weight', dtype));
}

export function values(t: Tensor): number[] {
  return Array.from(t.data);
}

/** Asserts every element is within `tolerance` of the expectation (NaN never is). */
export function closeTo(actual: Tensor, expected: readonly number[], tolerance = 1e-6): boolean {
  if (actual.data.length !== expected.length) return false;
  return expected.every((e, i) => Math.abs(actual.data[i] - e) <= tolerance);
}
