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
