import type { LoraDelta } from '../lora/lora-source.js';
import type { DType } from '../runtime/dtype/dtype.js';
import type { Program } from './plan.js';

/**
 * A LoRA delta's shape as the checkpoint stores the key: kohya keeps 1x1 convolutions as 4-D factors where some
 * checkpoints hold a linear layer, and diffusers the reverse, so trailing 1 x 1 dimensions follow the checkpoint.
 */
export function checkpointShape(delta: readonly number[], checkpoint: readonly number[] | undefined): readonly number[] {
  if (!checkpoint) return delta;
  if (delta.length === 2 && checkpoint.length === 4 && checkpoint[2] === 1 && checkpoint[3] === 1) return [...delta, 1, 1];
  if (delta.length === 4 && checkpoint.length === 2 && delta[2] === 1 && delta[3] === 1) return delta.slice(0, 2);
  return delta;
}

/** Whether a LoRA delta fits a checkpoint tensor: the same shape up to trailing 1 x 1 dimensions. */
export function deltaFits(delta: readonly number[], checkpoint: readonly number[]): boolean {
  const shaped = checkpointShape(delta, checkpoint);
  return shaped.length === checkpoint.length && shaped.every((d, i) => d === checkpoint[i]);
}

/** The tensors a LoRA delta reads, with their dtypes from the LoRA's header. */
export function deltaLoads(
  delta: LoraDelta,
  tensors: ReadonlyMap<string, { readonly dtype: DType }>,
): { key: string; dtype: DType }[] {
  return delta.tensors.map((key) => ({ key, dtype: tensors.get(key)!.dtype }));
}

/**
 * Drops the loads and steps the result does not depend on, renumbering the rest. A merge that falls back to
 * another input for a key a LoRA does not adapt (sd-mecha's rule) can leave computed arguments unused.
 */
export function pruneProgram(program: Program): Program {
  const { loads, steps, result } = program;
  const used = new Array<boolean>(loads.length + steps.length).fill(false);
  used[result] = true;
  for (let i = steps.length - 1; i >= 0; i--) {
    if (!used[loads.length + i]) continue;
    for (const a of steps[i]!.args) used[a] = true;
  }
  if (used.every(Boolean)) return program;
  const renumbered = new Array<number>(used.length).fill(-1);
  let next = 0;
  used.forEach((u, v) => {
    if (u) renumbered[v] = next++;
  });
  return {
    loads: loads.filter((_, v) => used[v]),
    steps: steps.filter((_, i) => used[loads.length + i]).map((s) => ({ ...s, args: s.args.map((a) => renumbered[a]!) })),
    result: renumbered[result]!,
  };
}
