import type { Architecture } from '../registry/architecture.js';
import type { ArchitectureSource } from '../registry/detect.js';
import { detectLora } from './detect-lora.js';
import { hasLoraLayout } from './key-map.js';
import { groupLoraTensors } from './lora-tensors.js';
import { loraSource, type LoraSource, type LoraTensorInfo } from './lora-source.js';

/** Why a file cannot be read as a LoRA of an architecture, for people. */
export type LoraInputProblem = { readonly loraKey: string | undefined; readonly message: string };

/**
 * A file a recipe uses as a LoRA, read against the architecture the recipe merges: its deltas, or every reason it
 * cannot be used (not a LoRA, a LoRA of another architecture, factors that do not fit).
 */
export function readLoraInput(
  registry: ArchitectureSource,
  arch: Architecture,
  tensors: ReadonlyMap<string, LoraTensorInfo>,
): { readonly source: LoraSource | undefined; readonly problems: readonly LoraInputProblem[] } {
  if (!hasLoraLayout(arch.id)) {
    return { source: undefined, problems: [{ loraKey: undefined, message: `mecha reads LoRAs of sd1 and sdxl, not of ${arch.id}` }] };
  }
  if (!groupLoraTensors(tensors.keys())) {
    return { source: undefined, problems: [{ loraKey: undefined, message: 'is not a LoRA: its tensors are not LoRA up, down and alpha factors' }] };
  }
  const source = loraSource(tensors, arch)!;
  if (source.mapped * 2 < source.modules) {
    const other = detectLora(registry, tensors);
    if (other && other.arch !== arch.id) {
      return { source: undefined, problems: [{ loraKey: undefined, message: `is a LoRA for ${other.arch}, but the recipe merges ${arch.id}` }] };
    }
  }
  return { source, problems: source.problems.map((p) => ({ loraKey: p.loraKey, message: p.message })) };
}
