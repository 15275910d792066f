/**
 * Whole-tensor reductions and the non-finite clean-up torch applies. Sums are accumulated in doubles and rounded
 * once to the work dtype: torch accumulates fp32 pairwise, so both land within an ulp of the exact sum, and a plain
 * fp32 running sum would not.
 */

import type { KernelContext, WorkArray } from './kernel.js';

export const FLOAT32_MAX = 3.4028234663852886e38;

export function sumOf(data: WorkArray, round: (x: number) => number): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i];
  return round(s);
}

/** torch.linalg.norm of the flattened tensor (2-norm). */
export function normOf(data: WorkArray, round: (x: number) => number): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] * data[i];
  return round(Math.sqrt(s));
}

/** torch.nan_to_num with its defaults: NaN -> 0, +-inf -> the largest finite value of the dtype. */
export function nanToNum(x: number, ctx: KernelContext): number {
  if (x !== x) return 0;
  if (x === Infinity) return ctx.workDtype === 'fp32' ? FLOAT32_MAX : Number.MAX_VALUE;
  if (x === -Infinity) return ctx.workDtype === 'fp32' ? -FLOAT32_MAX : -Number.MAX_VALUE;
  return x;
}

export function hasNaN(data: WorkArray): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] !== data[i]) return true;
  return false;
}
