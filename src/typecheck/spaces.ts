import type { MergeSpace } from '../registry/methods/signature.js';
import type { Space } from './types.js';

/** The spaces a recipe can name, in the order messages list them. */
export const SPACES: readonly Space[] = ['weight', 'delta', 'lora', 'param'];

/** A space as written (graph-normalised: lowercase, legacy `base` already read as `weight`), if it is one. */
export function parseSpace(name: string | undefined): Space | undefined {
  return SPACES.find((s) => s === name);
}

/** The space a value counts as when matched against a signature: a LoRA converts to a delta against its base. */
export function signatureSpace(space: Space): MergeSpace {
  return space === 'lora' ? 'delta' : space;
}
