import type { Hypers } from './kernel.js';
import { numberHyper } from './hypers.js';

/** A probability or fraction hyperparameter, refused outside [0, 1] (a Bernoulli rate or a share of a tensor). */
export function ratioHyper(hypers: Hypers, name: string, fallback: number): number {
  const v = numberHyper(hypers, name, fallback);
  if (!(v >= 0 && v <= 1)) throw new RangeError(`hyperparameter '${name}' must be in [0, 1], got ${v}`);
  return v;
}
