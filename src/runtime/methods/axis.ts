/**
 * Reductions along one axis of a contiguous tensor. An axis splits the flat index into (outer, along, inner); the
 * reduced result has one value per (outer, inner) pair, at `o * inner + i`, matching torch's keepdim-free layout.
 */

import type { KernelContext, WorkArray } from './kernel.js';

export interface AxisLayout {
  readonly outer: number;
  readonly length: number;
  readonly inner: number;
}

/** torch accepts dim 0 or -1 on a 0-d tensor and treats it as a vector of one element. */
export function axisLayout(shape: readonly number[], dim: number): AxisLayout {
  const dims = shape.length === 0 ? [1] : shape;
  const d = dim < 0 ? dim + dims.length : dim;
  if (d < 0 || d >= dims.length) throw new RangeError(`dimension ${dim} out of range for shape [${shape.join(', ')}]`);
  let outer = 1;
  let inner = 1;
  for (let j = 0; j < d; j++) outer *= dims[j];
  for (let j = d + 1; j < dims.length; j++) inner *= dims[j];
  return { outer, length: dims[d], inner };
}

/** The 2-norm of every slice along the axis, each rounded to the work dtype. */
export function axisNorms(data: WorkArray, layout: AxisLayout, ctx: KernelContext): Float64Array {
  const { outer, length, inner } = layout;
  const sums = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    const base = o * inner;
    for (let l = 0; l < length; l++) {
      const row = (o * length + l) * inner;
      for (let i = 0; i < inner; i++) {
        const x = data[row + i];
        sums[base + i] += x * x;
      }
    }
  }
  const round = ctx.round;
  for (let j = 0; j < sums.length; j++) sums[j] = round(Math.sqrt(sums[j]));
  return sums;
}

/** torch.nn.functional.normalize(x, dim): x divided by its slice norm, the norm floored at eps. */
export function normalizeAlong(data: WorkArray, layout: AxisLayout, eps: number, ctx: KernelContext): WorkArray {
  const round = ctx.round;
  const floor = round(eps);
  const norms = axisNorms(data, layout, ctx);
  const out = ctx.alloc(data.length);
  const { outer, length, inner } = layout;
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < length; l++) {
      const row = (o * length + l) * inner;
      for (let i = 0; i < inner; i++) {
        const n = norms[o * inner + i];
        out[row + i] = round(data[row + i] / (n < floor ? floor : n));
      }
    }
  }
  return out;
}
