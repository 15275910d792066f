import type { ArchitectureSource } from '../registry/detect.js';
import { loraSource, type LoraSource, type LoraTensorInfo } from './lora-source.js';

/**
 * Which architecture a LoRA file is for: the one whose LoRA key map places the most of its modules (at least
 * half). Undefined when the tensors are not a LoRA's or no architecture places half of them.
 */
export function detectLora(registry: ArchitectureSource, tensors: ReadonlyMap<string, LoraTensorInfo>): LoraSource | undefined {
  let best: LoraSource | undefined;
  for (const arch of registry.architectures()) {
    const source = loraSource(tensors, arch);
    if (source && (!best || source.mapped > best.mapped)) best = source;
  }
  return best && best.mapped * 2 >= best.modules ? best : undefined;
}
