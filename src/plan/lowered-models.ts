import type { LoraSource } from '../lora/lora-source.js';
import { readLoraInput } from '../lora/lora-input.js';
import type { Architecture } from '../registry/architecture.js';
import type { Registry } from '../registry/registry.js';
import type { DType } from '../runtime/dtype/dtype.js';
import type { CheckResult } from '../typecheck/types.js';
import type { LoweredModel } from './lower.js';

/**
 * What lowering needs of each model the checker resolved: its file and tensors, and for a LoRA the deltas it reads
 * as, keyed by checkpoint key. Problems of a LoRA's factors come back as messages naming the file.
 */
export function loweredModels(
  checked: Pick<CheckResult, 'models' | 'types'>,
  registry: Registry,
  arch: Architecture,
): { models: Map<number, LoweredModel>; problems: string[] } {
  const models = new Map<number, LoweredModel>();
  const problems: string[] = [];
  for (const [id, model] of checked.models) {
    const tensors = model.tensors as ReadonlyMap<string, { shape: readonly number[]; dtype: DType }>;
    let lora: LoraSource | undefined;
    if (checked.types.get(id)?.space === 'lora') {
      const read = readLoraInput(registry, arch, tensors);
      lora = read.source;
      for (const p of read.problems) problems.push(`${model.path}: ${p.message}`);
    }
    models.set(id, { path: model.path, tensors, lora });
  }
  return { models, problems };
}
