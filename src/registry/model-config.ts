/**
 * An sd-mecha 1.x "model config": the view `version 0.1.0` recipes name with `model_config="sd1-ldm"`. Its
 * components (`clip_l`, `vae`, `diffuser`, ...) partition the keys, and every key of every component is merged,
 * VAE and scheduler buffers included.
 */
export interface ModelConfig {
  /** `sd1-ldm`, `sdxl-sgm`, `singleton-mecha`. */
  readonly id: string;
  readonly aliases: readonly string[];
  /** The architecture whose keys it covers; undefined for `singleton-mecha`, which stands in for any of them. */
  readonly architecture: string | undefined;
  readonly description: string;
  readonly components: readonly ConfigComponent[];
  /** The component a key (or one of its aliases) belongs to. */
  componentOf(key: string): string | undefined;
}

export interface ConfigComponent {
  readonly name: string;
  readonly keys: readonly string[];
}

export const SINGLETON_CONFIG_ID = 'singleton-mecha';

/**
 * `singleton-mecha`: a config with one key, `key`. sd-mecha 1.x wraps a plain value or a `dict` of per-block values
 * in it (`literal &2 model_config="singleton-mecha" merge_space="param"`) and `convert_singleton` spreads that one
 * value over every key of whatever config the consumer needs.
 */
export function createSingletonConfig(): ModelConfig {
  const components: ConfigComponent[] = [{ name: 'keys', keys: ['key'] }];
  return {
    id: SINGLETON_CONFIG_ID,
    aliases: [],
    architecture: undefined,
    description: 'one value standing for every key of any config (sd-mecha 1.x literals and hyperparameters)',
    components,
    componentOf: (key) => (key === 'key' ? 'keys' : undefined),
  };
}
