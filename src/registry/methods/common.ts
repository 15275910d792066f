import type { HyperParam } from './signature.js';

/** Pieces many signatures share. */

/** Two models in the same space `s` (two full models, or two deltas). */
export const TWO = [
  { name: 'a', space: 's' },
  { name: 'b', space: 's' },
] as const;

/** Three models in the same space `s`. */
export const THREE = [...TWO, { name: 'c', space: 's' }] as const;

/** `alpha`, a per-key number; `extra` adds legacy defaults and the like. */
export function alpha(defaultValue: number, doc: string, extra?: Partial<HyperParam>): HyperParam {
  return { name: 'alpha', type: 'number', default: defaultValue, perKey: true, doc, ...extra };
}
