/**
 * `della` (DELLA-Merging: Deep, Bhardwaj et al., 2024): Drop by magnitude, Elect signs, Fuse.
 *
 * Drop (MagPrune): within each delta, the element of 0-based magnitude rank r among n survives with probability
 *   q(r) = clamp(1 - p + eps * ((r + 1) / n - (n + 1) / (2 n)), 0, 1),
 * a window of width about `della_eps` centred on 1 - `probability`: small entries are dropped more often than
 * large ones, and the mean survival rate stays 1 - p (the same window as sd-mecha's `della_eps`). A survivor is
 * divided by its own q(r) (`rescale`, on by default), so every element keeps its expected value.
 * Elect: per element, the sign of the sum of the pruned deltas. Fuse: the mean of the pruned deltas that have that
 * sign (0 where none has).
 */

import { elementCount, type Kernel, type KernelContext, type WorkArray } from './kernel.js';
import { numberHyper } from './hypers.js';
import { ratioHyper } from './ratio-hyper.js';
import { magnitudeRanks } from './magnitude-rank.js';
import { requireInputs, requireSameShape } from './tensors.js';
import { keepThreshold, RandomStream } from '../random/stream.js';
import { resolveSeed } from '../random/seed.js';

const CHUNK = 16384;

/** Survival probability of the element of 0-based magnitude rank `rank` among n, for drop rate p and window eps. */
export function dellaKeepProbability(rank: number, n: number, p: number, eps: number): number {
  const q = 1 - p + eps * ((2 * rank + 1 - n) / (2 * n));
  return q < 0 ? 0 : q > 1 ? 1 : q;
}

/**
 * One delta after MagPrune: survivors (drawn from `stream`), divided by their survival probability when `rescale`.
 * With eps = 0 every element has the same probability and no ranking is needed.
 */
export function magPrune(
  delta: WorkArray,
  p: number,
  eps: number,
  rescale: boolean,
  stream: RandomStream,
  ctx: KernelContext,
): WorkArray {
  const n = delta.length;
  const ranks = eps === 0 ? undefined : magnitudeRanks(delta);
  const out = ctx.alloc(n);
  const words = new Uint32Array(Math.min(CHUNK, n));
  const round = ctx.round;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    stream.fillUint32(words, start, len);
    for (let j = 0; j < len; j++) {
      const i = start + j;
      const q = ranks === undefined ? 1 - p : dellaKeepProbability(ranks[i]!, n, p, eps);
      if (words[j]! < keepThreshold(q)) out[i] = rescale ? round(delta[i]! / round(q)) : delta[i]!;
    }
  }
  return out;
}

export const della: Kernel = (inputs, hypers, ctx) => {
  requireInputs('della', inputs, 1, Infinity);
  requireSameShape('della', inputs, ctx);
  const shape = inputs[0]!.shape;
  const n = elementCount(shape);
  const p = ratioHyper(hypers, 'probability', 0.9);
  const eps = numberHyper(hypers, 'della_eps', 0.1);
  if (!(eps >= 0)) throw new RangeError(`della_eps must be >= 0, got ${eps}`);
  const rescale = numberHyper(hypers, 'rescale', 1) > 0;
  const seed = resolveSeed(hypers['seed']);
  const round = ctx.round;

  const pruned = inputs.map((t, m) => magPrune(t.data, p, eps, rescale, RandomStream.of(seed, 'della', ctx.key, m), ctx));

  // Elect: the sum of the pruned deltas, model by model (from +0, as torch's sum).
  const sums = ctx.alloc(n);
  for (const d of pruned) for (let i = 0; i < n; i++) sums[i] = round(sums[i]! + d[i]!);
  // Fuse: the mean of the values whose sign is the sum's (zeros agree with a zero sum; NaN agrees with nothing).
  const out = ctx.alloc(n);
  const count = new Uint32Array(n);
  for (const d of pruned) {
    for (let i = 0; i < n; i++) {
      const x = d[i]!;
      const s = sums[i]!;
      if (x > 0 ? s > 0 : x < 0 ? s < 0 : x === 0 && s === 0) {
        out[i] = round(out[i]! + x);
        count[i]!++;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const c = count[i]!;
    out[i] = c === 0 ? 0 : round(out[i]! / c);
  }
  return { shape, data: out };
};
