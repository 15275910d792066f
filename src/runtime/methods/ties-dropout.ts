/**
 * `ties_sum_with_dropout` (TIES-DARE), after sd-mecha: each delta first goes through a Bernoulli dropout that keeps
 * an element with probability 1 - `probability`, then the survivors are merged by ties_sum_extended (`k`,
 * `vote_sgn`, `apply_stock`, `cos_eps`, `apply_median`, `eps`, `maxiter`, `ftol` mean what they mean there), and
 * the result is divided by (1 - probability) ^ `rescale`.
 *
 * - `della_eps` (sd-mecha 1.x): instead of one rate, an element of magnitude rank r keeps with
 *   della.ts's q(r), a window of that width around 1 - probability; the final division stays the uniform one.
 * - `rescale` is the exponent (sd-mecha 0.0.x; `true`/`false` read as 1/0, sd-mecha 1.x's switch) and
 *   `no_rescale = true` (sd-mecha 0.1.0's "DROP" mode) skips the division. sd-mecha 0.1.0 applies it inverted
 *   (rescaling only when no_rescale is set); this follows the documented meaning.
 * - probability 1 drops everything: the result is 0.
 */

import { elementCount, type Hypers, type Kernel, type WorkArray } from './kernel.js';
import { dellaKeepProbability } from './della.js';
import { numberHyper, switchHyper } from './hypers.js';
import { magnitudeRanks } from './magnitude-rank.js';
import { ratioHyper } from './ratio-hyper.js';
import { requireInputs, requireSameShape } from './tensors.js';
import { tiesSumExtended } from './ties-sum.js';
import { keepThreshold, RandomStream } from '../random/stream.js';
import { resolveSeed } from '../random/seed.js';

const CHUNK = 16384;

export const tiesSumWithDropout: Kernel = (inputs, hypers, ctx) => {
  requireInputs('ties_sum_with_dropout', inputs, 1, Infinity);
  requireSameShape('ties_sum_with_dropout', inputs, ctx);
  const shape = inputs[0]!.shape;
  const n = elementCount(shape);
  const p = ratioHyper(hypers, 'probability', 0.9);
  const eps = numberHyper(hypers, 'della_eps', 0);
  if (!(eps >= 0)) throw new RangeError(`hyperparameter 'della_eps' must be >= 0, got ${eps}`);
  const seed = resolveSeed(hypers['seed']);
  if (p === 1) return { shape, data: ctx.alloc(n) };

  const words = new Uint32Array(Math.min(CHUNK, n));
  const dropped = inputs.map((t, m) => {
    const d = t.data;
    const out = ctx.alloc(n);
    const stream = RandomStream.of(seed, 'ties_sum_with_dropout', ctx.key, m);
    const ranks = eps === 0 ? undefined : magnitudeRanks(d);
    const uniform = keepThreshold(1 - p);
    for (let start = 0; start < n; start += CHUNK) {
      const len = Math.min(CHUNK, n - start);
      stream.fillUint32(words, start, len);
      for (let j = 0; j < len; j++) {
        const i = start + j;
        const threshold = ranks === undefined ? uniform : keepThreshold(dellaKeepProbability(ranks[i]!, n, p, eps));
        // A dropped element is x * 0, as the reference's mask product: it keeps signed zeros and NaN.
        out[i] = words[j]! < threshold ? d[i]! : d[i]! * 0;
      }
    }
    return { shape, data: out };
  });

  const merged = tiesSumExtended(dropped, hypers, ctx);
  if (switchHyper(hypers, 'no_rescale')) return merged;
  let rescalar = (1 - p) ** numberHyper(hypers, 'rescale', 1);
  if (!Number.isFinite(rescalar)) rescalar = 1;
  const r = ctx.round(rescalar);
  if (r === 1) return merged;
  const data = merged.data;
  for (let i = 0; i < data.length; i++) data[i] = ctx.round(data[i]! / r);
  return merged;
};

/**
 * The uniform drop (no `della_eps`) of elements first .. first + out.length - 1 of one delta, for a key computed in
 * windows: element i draws word i of the model's stream, as the whole kernel does, so the bytes are the same.
 */
export function uniformDropWindow(
  d: WorkArray,
  first: number,
  stream: RandomStream,
  keep: number,
  out: WorkArray,
  words: Uint32Array,
): void {
  for (let start = 0; start < out.length; start += words.length) {
    const len = Math.min(words.length, out.length - start);
    stream.fillUint32(words, first + start, len);
    for (let j = 0; j < len; j++) {
      const i = start + j;
      out[i] = words[j]! < keep ? d[i]! : d[i]! * 0;
    }
  }
}

/** What the windowed form needs resolved once per key; undefined when the hypers need whole tensors. */
export function uniformTiesDropout(
  hypers: Hypers,
): { readonly p: number; readonly seed: number; readonly keep: number; readonly divisor: number } | undefined {
  if (numberHyper(hypers, 'della_eps', 0) !== 0) return undefined;
  if (switchHyper(hypers, 'apply_median') || switchHyper(hypers, 'apply_stock')) return undefined;
  const p = ratioHyper(hypers, 'probability', 0.9);
  let rescalar = (1 - p) ** numberHyper(hypers, 'rescale', 1);
  if (!Number.isFinite(rescalar)) rescalar = 1;
  const divisor = switchHyper(hypers, 'no_rescale') ? 1 : rescalar;
  return { p, seed: resolveSeed(hypers['seed']), keep: keepThreshold(1 - p), divisor };
}
