/**
 * `breadcrumbs` (Davari & Belilovsky, "Model Breadcrumbs", 2023; mergekit's `breadcrumbs`): task arithmetic over
 * deltas from which, per tensor, the largest `beta` fraction and the smallest `gamma` fraction of magnitudes are
 * dropped. Large outliers and the small noise go; the middle band stays. Counts are floor(fraction * n) elements,
 * and ties in magnitude are broken by position, so exactly n - floor(beta n) - floor(gamma n) elements survive.
 * The survivors are summed and scaled by `lambda`, as task_arithmetic does. The names are the paper's: beta for the
 * top share (mergekit calls it gamma), gamma for the bottom one.
 */

import { kthSmallestAbs } from '../kernels/select.js';
import { elementCount, type Hypers, type Kernel, type WorkArray } from './kernel.js';
import { numberHyper } from './hypers.js';
import { ratioHyper } from './ratio-hyper.js';
import { requireInputs, requireSameShape } from './tensors.js';
import { scaledSum } from './task-arithmetic.js';

/** floor(ratio * n), forgiving the last-bit error of the product (0.29 * 100 is 28.999999999999996). */
export function fractionCount(ratio: number, n: number): number {
  const x = ratio * n;
  const nearest = Math.round(x);
  return Math.abs(x - nearest) <= 1e-9 * Math.max(1, x) ? nearest : Math.floor(x);
}

/** |x| below the magnitude b, NaN counting as the largest magnitude (as in the selection). */
function below(a: number, b: number): boolean {
  return b !== b ? a === a : a < b;
}

function same(a: number, b: number): boolean {
  return b !== b ? a !== a : a === b;
}

/**
 * mask[i] = 1 when element i's ordinal magnitude rank (magnitude-rank.ts: by |x|, ties by position) lies in
 * [bottom, end). Found without ranking everything: the magnitudes at ranks `bottom` and `end` come from a radix
 * selection, everything strictly between them is in, and among the elements equal to a boundary magnitude the
 * positions decide, exactly as the ordinal ranks would.
 */
export function magnitudeBand(data: WorkArray, bottom: number, end: number): Uint8Array {
  const n = data.length;
  const mask = new Uint8Array(n);
  if (bottom >= end) return mask;
  const band = new MagnitudeBand(
    n,
    bottom,
    end,
    bottom > 0 ? kthSmallestAbs(data, bottom + 1) : -1,
    end < n ? kthSmallestAbs(data, end + 1) : Infinity,
  );
  band.countBelow(data);
  band.mark(data, mask, true);
  return mask;
}

/**
 * The band of ranks [bottom, end) once its boundary magnitudes `lo` and `hi` are known, applied to a tensor seen
 * whole or in windows: first every element passes through countBelow, then through mark, in position order.
 */
export class MagnitudeBand {
  private readonly hasLo: boolean;
  private readonly hasHi: boolean;
  /** How many magnitudes lie strictly below each boundary: the rank of the first element equal to it. */
  private belowLo = 0;
  private belowHi = 0;
  /** The ordinal rank of the next element equal to each boundary. */
  private rankLo = 0;
  private rankHi = 0;

  constructor(
    n: number,
    private readonly bottom: number,
    private readonly end: number,
    private readonly lo: number,
    private readonly hi: number,
  ) {
    this.hasLo = bottom > 0;
    this.hasHi = end < n;
  }

  countBelow(window: WorkArray): void {
    for (let i = 0; i < window.length; i++) {
      const a = Math.abs(window[i]!);
      if (this.hasLo && below(a, this.lo)) this.belowLo++;
      if (this.hasHi && below(a, this.hi)) this.belowHi++;
    }
  }

  /** Marks the window's elements inside the band; `restart` for the tensor's first window. */
  mark(window: WorkArray, mask: Uint8Array, restart: boolean): void {
    if (restart) {
      this.rankLo = this.belowLo;
      this.rankHi = this.belowHi;
    }
    const { bottom, end, lo, hi, hasLo, hasHi } = this;
    for (let i = 0; i < window.length; i++) {
      const a = Math.abs(window[i]!);
      let inside = hasLo ? !below(a, lo) : true;
      if (hasLo && same(a, lo) && this.rankLo++ < bottom) inside = false;
      if (hasHi) {
        if (same(a, hi)) {
          if (this.rankHi++ >= end) inside = false;
        } else if (!below(a, hi)) inside = false;
      }
      mask[i] = inside ? 1 : 0;
    }
  }
}

/** breadcrumbs's band for a tensor of n elements: [bottom, end) of the magnitude ranks. */
export function breadcrumbsBand(hypers: Hypers, n: number): { bottom: number; end: number; lambda: number } {
  const beta = ratioHyper(hypers, 'beta', 0.01);
  const gamma = ratioHyper(hypers, 'gamma', 0.9);
  const top = fractionCount(beta, n);
  const bottom = Math.min(fractionCount(gamma, n), n - top);
  return { bottom, end: n - top, lambda: numberHyper(hypers, 'lambda', 1) };
}

export const breadcrumbs: Kernel = (inputs, hypers, ctx) => {
  requireInputs('breadcrumbs', inputs, 1, Infinity);
  requireSameShape('breadcrumbs', inputs, ctx);
  const n = elementCount(inputs[0]!.shape);
  const { bottom, end, lambda } = breadcrumbsBand(hypers, n);
  return scaledSum(inputs, lambda, ctx, (m) => magnitudeBand(inputs[m]!.data, bottom, end));
};
