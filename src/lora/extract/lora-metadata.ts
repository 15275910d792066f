/** kohya's names of the base models, as `ss_base_model_version` holds them. */
const BASE_MODEL_VERSIONS: Readonly<Record<string, string>> = { sd1: 'sd_v1', sdxl: 'sdxl_base_v1-0' };

/**
 * The `__metadata__` of an extracted LoRA: the recipe (as checkpoints carry it) and the entries kohya's scripts
 * write and UIs read: the network module, its dim (the rank, or `dynamic` when modules differ) and alpha.
 */
export function loraMetadata(options: {
  readonly arch: string;
  readonly ranks: readonly number[];
  /** The alpha every module stores when one was given; undefined: each module's rank. */
  readonly alpha: number | undefined;
  readonly recipe: Readonly<Record<string, string>>;
}): Record<string, string> {
  const distinct = new Set(options.ranks);
  const rank = distinct.size === 1 ? String([...distinct][0]) : 'dynamic';
  const alpha = options.alpha !== undefined ? String(options.alpha) : rank;
  return {
    ...options.recipe,
    ss_network_module: 'networks.lora',
    ss_network_dim: rank,
    ss_network_alpha: alpha,
    ss_base_model_version: BASE_MODEL_VERSIONS[options.arch] ?? options.arch,
    ss_v2: 'False',
  };
}
