/**
 * `dropout` (DARE, "n-supermario"), after sd-mecha's method of that name. Each element of each delta survives with
 * probability 1 - `probability`; the output is, per element, the mean of the surviving deltas divided by
 * (1 - probability) ^ `rescale`, so with rescale = 1 each element keeps its expected value.
 *
 * `overlap` decides how the survivors of different models relate:
 * - an odd integer (the default 1): every model draws its own mask, independently;
 * - an even integer: exactly one model survives where anything survives (disjoint masks);
 * - otherwise a surviving element's set of survivors follows a softmax over subset sizes with slope
 *   tan(pi * (overlap - 1/2)): near 0 (or 2) singletons, near 1 all models together, at 1/2 every non-empty subset
 *   equally likely; `overlap_emphasis` blends this toward a binomial over subset sizes.
 * The drop-everything outcome always has probability `probability`.
 */

import { elementCount, type Hypers, type Kernel, type KernelContext, type WorkArray } from './kernel.js';
import { numberHyper } from './hypers.js';
import { ratioHyper } from './ratio-hyper.js';
import { pythonRound } from './hypers.js';
import { requireInputs, requireSameShape } from './tensors.js';
import { keepThreshold, RandomStream } from '../random/stream.js';
import { resolveSeed } from '../random/seed.js';

const CHUNK = 16384;
const TWO_POW_32 = 4294967296;
/** 2^16 joint outcomes is already far past what anyone merges at once; the table grows as 2^n. */
const MAX_SET_MODELS = 16;

export const dropout: Kernel = (inputs, hypers, ctx) => {
  requireInputs('dropout', inputs, 1, Infinity);
  requireSameShape('dropout', inputs, ctx);
  const shape = inputs[0]!.shape;
  const n = elementCount(shape);
  const draw = dropoutDraw(hypers, inputs.length);
  const acc = ctx.alloc(n);
  const count = inputs.length < 256 ? new Uint8Array(n) : new Uint16Array(n);
  dropoutWindow(
    draw,
    inputs.map((t) => t.data),
    0,
    ctx,
    acc,
    count,
  );
  return { shape, data: acc };
};

/** What a dropout draws from, resolved once per key: the windows of one key share it. */
export interface DropoutDraw {
  readonly seed: number;
  /** The per-model keep threshold on a random word (odd overlap), or undefined for joint sets. */
  readonly keep: number | undefined;
  /** The cumulative thresholds of the joint outcomes (even or fractional overlap). */
  readonly cdf: Float64Array | undefined;
  /** The final divisor, (1 - probability) ^ rescale in the work dtype's precision. */
  readonly rescalar: number;
}

export function dropoutDraw(hypers: Hypers, models: number): DropoutDraw {
  const p = ratioHyper(hypers, 'probability', 0.9);
  const rescale = numberHyper(hypers, 'rescale', 1);
  const overlap = numberHyper(hypers, 'overlap', 1);
  const emphasis = numberHyper(hypers, 'overlap_emphasis', 0);
  const seed = resolveSeed(hypers['seed']);
  let rescalar = p === 1 ? 1 : (1 - p) ** rescale;
  if (!Number.isFinite(rescalar)) rescalar = 1;
  if (pyMod(overlap, 2) === 1) return { seed, keep: keepThreshold(1 - p), cdf: undefined, rescalar };
  if (models > MAX_SET_MODELS) {
    throw new RangeError(`dropout: overlap=${overlap} supports up to ${MAX_SET_MODELS} models, got ${models}`);
  }
  return { seed, keep: undefined, cdf: cumulativeThresholds(overlappingSetsPmf(models, p, overlap, emphasis)), rescalar };
}

/**
 * Dropout of the elements first .. first + acc.length - 1 of a key: the deltas are windows of that range, `acc`
 * (the result) and `count` must be zeroed. Every element draws from its own index in the key's random stream, so a
 * key computed in windows gets the same bytes as a key computed whole.
 */
export function dropoutWindow(
  draw: DropoutDraw,
  deltas: readonly WorkArray[],
  first: number,
  ctx: KernelContext,
  acc: WorkArray,
  count: Uint8Array | Uint16Array,
): void {
  const round = ctx.round;
  const n = acc.length;
  const words = new Uint32Array(Math.min(CHUNK, n));
  if (draw.keep !== undefined) {
    const threshold = draw.keep;
    for (let m = 0; m < deltas.length; m++) {
      const stream = RandomStream.of(draw.seed, 'dropout', ctx.key, m);
      const d = deltas[m]!;
      for (let start = 0; start < n; start += CHUNK) {
        const len = Math.min(CHUNK, n - start);
        stream.fillUint32(words, first + start, len);
        for (let j = 0; j < len; j++) {
          if (words[j]! < threshold) {
            const i = start + j;
            acc[i] = round(acc[i]! + d[i]!);
            count[i]!++;
          }
        }
      }
    }
  } else {
    const cdf = draw.cdf!;
    const stream = RandomStream.of(draw.seed, 'dropout/sets', ctx.key, 0);
    for (let start = 0; start < n; start += CHUNK) {
      const len = Math.min(CHUNK, n - start);
      stream.fillUint32(words, first + start, len);
      for (let j = 0; j < len; j++) {
        const set = outcome(cdf, words[j]!);
        if (set === 0) continue;
        const i = start + j;
        addSet(acc, count, deltas, set, i, round);
      }
    }
  }
  const r = round(draw.rescalar);
  for (let i = 0; i < n; i++) {
    const c = count[i]!;
    acc[i] = round(round(c > 1 ? acc[i]! / c : acc[i]!) / r);
  }
}

/** Adds, in model order, the deltas whose bit is set in `set`, at element i. */
function addSet(
  acc: WorkArray,
  count: Uint8Array | Uint16Array,
  deltas: readonly WorkArray[],
  set: number,
  i: number,
  round: (x: number) => number,
): void {
  let s = acc[i]!;
  let c = 0;
  for (let m = 0; set !== 0; m++, set >>>= 1) {
    if (set & 1) {
      s = round(s + deltas[m]![i]!);
      c++;
    }
  }
  acc[i] = s;
  count[i] = c;
}

/**
 * The joint distribution of the n keep masks: entry k is the probability that exactly the models whose bits are
 * set in k keep an element (entry 0: nobody keeps it). Follows sd-mecha's overlapping_sets_pmf.
 */
export function overlappingSetsPmf(n: number, p: number, overlap: number, emphasis: number): Float64Array {
  const size = 2 ** n;
  const pmf = new Float64Array(size - 1); // over the non-empty subsets, index k - 1
  const requested = overlap;
  const nearest = pythonRound(overlap);
  if (Math.abs(overlap - nearest) <= 1e-8 + 1e-5 * Math.abs(nearest)) {
    if (pyMod(nearest, 2) === 0) {
      for (let k = 1; k < size; k++) pmf[k - 1] = popcount(k) === 1 ? 1 / n : 0;
    } else {
      pmf[size - 2] = 1;
    }
  } else {
    // Past 1 the softmax comes back down: 1 + x behaves like 1 - x, by the tangent's period.
    if (pyMod(Math.floor(overlap), 2) === 1) overlap = -overlap;
    const slope = Math.tan(Math.PI * (overlap - 0.5));
    let max = -Infinity;
    for (let k = 1; k < size; k++) {
      pmf[k - 1] = slope * (popcount(k) - n / 2);
      max = Math.max(max, pmf[k - 1]!);
    }
    // Softmax, shifted by the maximum so that a steep slope cannot overflow.
    let sum = 0;
    for (let k = 0; k < size - 1; k++) sum += pmf[k] = Math.exp(pmf[k]! - max);
    for (let k = 0; k < size - 1; k++) pmf[k]! /= sum;
  }

  // Each subset gets p^|S| (1 - p)^(n - |S|), renormalised over the non-empty ones. (sd-mecha's binomial takes the
  // drop probability as its success probability; kept as is. At p = 0 the limit is the singletons.)
  const binomial = new Float64Array(size - 1);
  let total = 0;
  for (let k = 1; k < size; k++) {
    const s = popcount(k);
    total += binomial[k - 1] = p === 0 ? (s === 1 ? 1 : 0) : p ** s * (1 - p) ** (n - s);
  }
  for (let k = 0; k < size - 1; k++) binomial[k]! /= total;

  const alpha = 1 - Math.abs(2 * overlap - 1);
  const blended = new Float64Array(size);
  blended[0] = p;
  for (let k = 0; k < size - 1; k++) {
    const towardBinomial = (1 - alpha) * pmf[k]! + alpha * binomial[k]!;
    const q = (1 - emphasis) * pmf[k]! + emphasis * towardBinomial;
    if (!(q >= 0)) {
      throw new RangeError(
        `dropout: overlap=${requested} with overlap_emphasis=${emphasis} gives a negative subset probability`,
      );
    }
    blended[k + 1] = q * (1 - p);
  }
  return blended;
}

/** Upper word thresholds of each outcome: outcome k is drawn when cdf[k - 1] <= word < cdf[k]. */
function cumulativeThresholds(pmf: Float64Array): Float64Array {
  let total = 0;
  for (const q of pmf) total += q;
  const cdf = new Float64Array(pmf.length);
  let run = 0;
  for (let k = 0; k < pmf.length; k++) {
    run += pmf[k]!;
    cdf[k] = Math.min(1, run / total) * TWO_POW_32;
  }
  cdf[pmf.length - 1] = TWO_POW_32;
  return cdf;
}

/** The first outcome whose threshold lies above the word (binary search). */
function outcome(cdf: Float64Array, word: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (word < cdf[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function popcount(k: number): number {
  let c = 0;
  for (; k !== 0; k &= k - 1) c++;
  return c;
}

/** Python's `%` for a positive divisor: the result has the divisor's sign. */
function pyMod(x: number, m: number): number {
  return x - m * Math.floor(x / m);
}

