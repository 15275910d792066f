import type { DType } from '../runtime/dtype/dtype.js';

/**
 * The on-disk format of an architecture: what `src/registry/data/*.json` hold and what a user's own JSON or YAML
 * architecture file holds. Facts are stored once per key; block and class membership are computed from the rules
 * of each component (see README.md), not stored per key.
 */
export const ARCHITECTURE_FORMAT = 'mecha-architecture/1';

export interface ArchitectureData {
  readonly format: typeof ARCHITECTURE_FORMAT;
  /** The name recipes use: `sd1`, `sdxl`. */
  readonly id: string;
  /** Other names for it, e.g. the sd-mecha 1.x config identifier `sd1-ldm`. */
  readonly aliases?: readonly string[];
  readonly description?: string;
  /**
   * Key prefixes that are copied from the first model that has them instead of being merged, even inside a
   * component (plain string prefixes, as sd-mecha 0.0.x compared them). Keys under no component pass through too.
   */
  readonly passthrough?: readonly string[];
  /** The merged components, in the order people think of them (`txt`, `txt2`, `unet`). */
  readonly components: readonly ComponentData[];
  /** The sd-mecha 1.x "model config" view of the same keys, where every key is merged. */
  readonly config?: ConfigData;
  /**
   * Key renames seen in the wild: `[prefix, replacement]` means a key starting with `prefix` may also be stored
   * as `replacement` followed by the rest of the key (sd-mecha 1.x `aliases`).
   */
  readonly keyAliases?: readonly (readonly [string, string])[];
  /**
   * SuperMerger's block-weight list layout, for `mbw(...)`: `[label, ...targets]` in list order, a target being a
   * component (`txt`: the slot sets its default) or `component.block` (`unet.in0`).
   */
  readonly mbw?: readonly (readonly [string, ...string[]])[];
  /** Every key the architecture knows, merged or not. */
  readonly keys: readonly KeyEntry[];
}

export interface ComponentData {
  readonly name: string;
  readonly description?: string;
  /** Keys of the component start with `prefix.` (the longest matching prefix wins). */
  readonly prefix: string;
  /**
   * Block definitions in sd-mecha 0.0.x's form, in order: block name -> key patterns relative to the prefix.
   * A `*` in the block name stands for the id matched by the `*` of its first pattern, and the same id replaces
   * the `*` of the other patterns (`in*: [input_blocks.*, time_embed]`). A key belongs to every block one of whose
   * patterns matches it up to a `.` or the end. When a wildcard expands to a block an earlier entry already
   * defined (`in0` before `in*`), the earlier definition stands.
   */
  readonly blocks: Readonly<Record<string, string | readonly string[]>>;
  readonly classes?: ClassRuleData;
}

/** How a key's class (its layer type) is named; see README.md for the rule. */
export interface ClassRuleData {
  /** Segment patterns removed from the key's module path, `*` matching one segment (`input_blocks.*.*`). */
  readonly strip?: readonly string[];
  /** Explicit names by module path, for layers the rule would leave unnamed (`input_blocks.0.0` -> `conv_in`). */
  readonly names?: Readonly<Record<string, string>>;
}

export interface ConfigData {
  /** The sd-mecha 1.x identifier, `sd1-ldm`. */
  readonly id: string;
  readonly aliases?: readonly string[];
  /** Its components in order; each key names its own in the key table. */
  readonly components: readonly string[];
}

/**
 * One key: `[name, shape, dtype]`, optionally followed by its config component (or null) and the flag
 * `"optional"` (a model may lack it). Hand-written files may use the object form instead.
 */
export type KeyTuple =
  | readonly [string, readonly number[], DType]
  | readonly [string, readonly number[], DType, string | null]
  | readonly [string, readonly number[], DType, string | null, 'optional'];

export interface KeyObject {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly config?: string;
  readonly optional?: boolean;
}

export type KeyEntry = KeyTuple | KeyObject;

/** A key entry in one shape, whichever form the file used. */
export interface NormalizedKey {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly configComponent: string | undefined;
  readonly optional: boolean;
}

export function normalizeKeyEntry(entry: KeyEntry): NormalizedKey {
  if (Array.isArray(entry)) {
    const t = entry as readonly unknown[];
    return {
      name: t[0] as string,
      shape: t[1] as readonly number[],
      dtype: t[2] as DType,
      configComponent: (t[3] as string | null | undefined) ?? undefined,
      optional: t[4] === 'optional',
    };
  }
  const o = entry as KeyObject;
  return { name: o.name, shape: o.shape, dtype: o.dtype, configComponent: o.config, optional: o.optional === true };
}
