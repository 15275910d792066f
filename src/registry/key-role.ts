import type { Architecture } from './architecture.js';

/** What a recipe's output does with a key of its architecture. */
export type KeyRole = 'merged' | 'copied' | 'omitted';

/**
 * Which keys a recipe merges, which it copies from the first model that has them, and which it leaves out.
 * v1 and sd-mecha 0.0.x recipes merge the components' keys and copy the keys the architecture lists as passed
 * through (VAE, position ids, scheduler buffers); other keys a file may hold (EMA weights) are left out, as
 * sd-mecha does. sd-mecha 0.1.0 recipes (`mergesEverything`) merge every key of the model config, VAE included.
 * Lowering writes the plan by it and the checker compares input shapes by it.
 */
export function keyRole(arch: Architecture, name: string, mergesEverything: boolean): KeyRole {
  const info = arch.keyInfo(name);
  if (!info) return 'omitted';
  if (mergesEverything) return info.configComponent !== undefined ? 'merged' : 'omitted';
  if (info.component !== undefined && !info.passthrough) return 'merged';
  return (arch.data.passthrough ?? []).some((prefix) => name.startsWith(prefix)) ? 'copied' : 'omitted';
}
