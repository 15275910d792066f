/**
 * Reading hyperparameters the way sd-mecha 0.0.x receives them: plain Python numbers, where a bool counts as 0 or 1
 * and a switch such as `vote_sgn` is "on" when greater than zero.
 */

import type { Hypers } from './kernel.js';

/** A numeric hyperparameter; absent or null (sd-mecha's None) takes the fallback, a bool reads as 0 or 1. */
export function numberHyper(hypers: Hypers, name: string, fallback?: number): number {
  const value = hypers[name];
  if (value === undefined || value === null) {
    if (fallback === undefined) throw new TypeError(`missing hyperparameter '${name}'`);
    return fallback;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'number') throw new TypeError(`hyperparameter '${name}' must be a number, got ${JSON.stringify(value)}`);
  return value;
}

/** Python's round(): halves go to the even neighbour. */
export function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** sd-mecha tests these switches with `> 0.0`, so any positive number (or `true`) turns them on. */
export function switchHyper(hypers: Hypers, name: string): boolean {
  return numberHyper(hypers, name, 0) > 0;
}
