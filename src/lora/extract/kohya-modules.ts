import type { LoraKeyMap } from '../key-map.js';
import { lowRankFactors, type RankRule } from './low-rank.js';

/** One tensor of a LoRA file being written. */
export interface LoraOutputTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** How a checkpoint key's delta becomes LoRA modules. */
export interface ModuleRule extends RankRule {
  /** The stored alpha; undefined: each module's rank (scale 1). */
  readonly alpha?: number;
}

/**
 * The kohya-format modules of one checkpoint key's delta: per module (one, or q, k and v of a stacked
 * `in_proj_weight`) its `lora_down.weight`, `lora_up.weight` and `alpha`, with the ranks kept. Factor shapes follow
 * kohya: a linear layer gives up out x r and down r x in; a convolution up out x r x 1 x 1 and down r x in x kh x kw
 * (a 1x1 convolution keeps its trailing 1 x 1 dims on both). Up absorbs rank / alpha so that
 * up down alpha / rank is the approximation.
 */
export function kohyaModules(
  map: LoraKeyMap,
  key: string,
  shape: readonly number[],
  delta: ArrayLike<number>,
  rule: ModuleRule,
): { tensors: LoraOutputTensor[]; ranks: number[] } {
  const targets = map.modulesOf(key);
  if (!targets) throw new RangeError(`"${key}" is not a key a LoRA can adapt`);
  const rows = shape[0]!;
  const columns = delta.length / rows;
  const partRows = rows / targets.length;
  if (!Number.isInteger(partRows) || !Number.isInteger(columns)) {
    throw new RangeError(`"${key}" of shape [${shape.join(', ')}] does not split into ${targets.length} modules`);
  }
  const convolution = shape.length === 4;
  const tensors: LoraOutputTensor[] = [];
  const ranks: number[] = [];
  for (const target of targets) {
    const offset = target.part * partRows * columns;
    const part = new Float64Array(partRows * columns);
    for (let i = 0; i < part.length; i++) part[i] = delta[offset + i]!;
    const { rank, up, down } = lowRankFactors({ rows: partRows, cols: columns, data: part }, rule);
    if (rank === 0) continue;
    const alpha = rule.alpha ?? rank;
    const toUp = alpha === 0 ? 0 : rank / alpha;
    const upData = new Float32Array(up.length);
    for (let i = 0; i < up.length; i++) upData[i] = up[i]! * toUp;
    tensors.push(
      { name: `${target.kohya}.lora_down.weight`, shape: convolution ? [rank, ...shape.slice(1)] : [rank, columns], data: Float32Array.from(down) },
      { name: `${target.kohya}.lora_up.weight`, shape: convolution ? [partRows, rank, 1, 1] : [partRows, rank], data: upData },
      { name: `${target.kohya}.alpha`, shape: [], data: new Float32Array([alpha]) },
    );
    ranks.push(rank);
  }
  return { tensors, ranks };
}
