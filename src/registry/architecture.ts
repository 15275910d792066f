import type { DType } from '../runtime/dtype/dtype.js';
import { normalizeKeyEntry, type ArchitectureData, type ComponentData } from './architecture-data.js';
import { blockMatcher, discoverBlocks, matchBlockPattern, type BlockDefinition } from './blocks.js';
import { classNamer } from './classes.js';
import type { ConfigComponent, ModelConfig } from './model-config.js';
import { compareNatural, sortNatural } from './natural-order.js';

/** The facts about one key, as the architecture's data states them. */
export interface KeyFacts {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** A model may lack it (EMA weights, scheduler buffers, ...). */
  readonly optional: boolean;
  /** Other names the key is stored under in some checkpoints. */
  readonly aliases: readonly string[];
  /** Its component in the sd-mecha 1.x config view (`clip_l`, `vae`, `diffuser`, ...). */
  readonly configComponent: string | undefined;
}

/** What the merge needs to know about one key. */
export interface KeyInfo extends KeyFacts {
  /** The merged component it belongs to; undefined for keys that pass through. */
  readonly component: string | undefined;
  /**
   * The blocks it belongs to, in natural order; a key may belong to several (`time_embed`) or, in a few cases,
   * none (sdxl's `label_emb`): a per-block hyperparameter then has no value for it, and sd-mecha 0.0.x returned
   * the method's first input in the output's merge space for such keys.
   */
  readonly blocks: readonly string[];
  /** Its layer type within the component; every merged key has exactly one. */
  readonly class: string | undefined;
  /** Copied from the first model that has it rather than merged (legacy and v1 recipes). */
  readonly passthrough: boolean;
}

export interface Component {
  readonly name: string;
  readonly description: string;
  readonly prefix: string;
  /** Block names in natural order (`in0`, `in1`, ..., `in11`, `mid`, `out0`, ...). */
  readonly blocks: readonly string[];
  /** Class names in natural order. */
  readonly classes: readonly string[];
  /** Its merged keys, in the data's order. */
  readonly keys: readonly string[];
}

/** One value slot of a SuperMerger block-weight list and what it sets. */
export interface MbwSlot {
  readonly label: string;
  readonly targets: readonly MbwTarget[];
}

export interface MbwTarget {
  readonly component: string;
  /** Undefined when the slot sets the component's default (SuperMerger's `BASE`). */
  readonly block: string | undefined;
}

export interface Architecture {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly description: string;
  /** In the order the data lists them (`txt`, `txt2`, `unet`). */
  readonly components: readonly Component[];
  /** Every key, by canonical name, in the data's order. */
  readonly keys: ReadonlyMap<string, KeyFacts>;
  /** The sd-mecha 1.x config view of the same keys, when the data defines one. */
  readonly config: ModelConfig | undefined;
  /** SuperMerger's list layout, when the architecture has one. */
  readonly mbw: readonly MbwSlot[] | undefined;
  /** The data it was built from (what `mechac info` and user files round-trip). */
  readonly data: ArchitectureData;

  component(name: string): Component | undefined;
  /** The canonical name of a key given by its name or an alias; undefined for keys the architecture lacks. */
  canonicalKey(nameOrAlias: string): string | undefined;
  keyInfo(nameOrAlias: string): KeyInfo | undefined;
  blocksOf(component: string): readonly string[];
  classesOf(component: string): readonly string[];
  keysOfBlock(component: string, block: string): readonly string[];
  keysOfClass(component: string, className: string): readonly string[];
  /** Blocks of the component matching `name` or a `*` pattern (`out*`), in natural order. */
  expandBlockPattern(component: string, pattern: string): readonly string[];
  mergedKeys(): readonly string[];
  passthroughKeys(): readonly string[];
}

const EMPTY: readonly string[] = Object.freeze([]);

/**
 * Builds an architecture from its data. Cheap: the key table and alias map are built on the first key lookup, the
 * merge index (components, blocks, classes) on the first question about them, each once per instance, so every
 * later per-key lookup is a map access. Detection needs only the first.
 */
export function createArchitecture(data: ArchitectureData): Architecture {
  let keyTable: KeyTable | undefined;
  const kt = (): KeyTable => (keyTable ??= buildKeyTable(data));
  let index: Index | undefined;
  const ix = (): Index => (index ??= buildIndex(data, kt()));
  let config: ModelConfig | undefined;

  return {
    id: data.id,
    aliases: data.aliases ?? [],
    description: data.description ?? '',
    get components() {
      return ix().components;
    },
    get keys() {
      return kt().facts;
    },
    get config() {
      return data.config && (config ??= buildConfig(data, kt()));
    },
    mbw: data.mbw?.map(([label, ...targets]) => ({
      label,
      targets: targets.map((target) => {
        const dot = target.indexOf('.');
        return dot < 0
          ? { component: target, block: undefined }
          : { component: target.slice(0, dot), block: target.slice(dot + 1) };
      }),
    })),
    data,
    component: (name) => ix().componentsByName.get(name),
    canonicalKey(name) {
      const t = kt();
      return t.facts.has(name) ? name : t.aliasToKey.get(name);
    },
    keyInfo(name) {
      const info = ix().info;
      return info.get(name) ?? info.get(kt().aliasToKey.get(name) ?? '');
    },
    blocksOf: (component) => ix().componentsByName.get(component)?.blocks ?? EMPTY,
    classesOf: (component) => ix().componentsByName.get(component)?.classes ?? EMPTY,
    keysOfBlock: (component, block) => ix().blockKeys.get(component)?.get(block) ?? EMPTY,
    keysOfClass: (component, cls) => ix().classKeys.get(component)?.get(cls) ?? EMPTY,
    expandBlockPattern(component, pattern) {
      return matchBlockPattern(pattern, ix().componentsByName.get(component)?.blocks ?? EMPTY);
    },
    mergedKeys: () => ix().merged,
    passthroughKeys: () => ix().passthrough,
  };
}

interface KeyTable {
  readonly facts: ReadonlyMap<string, KeyFacts>;
  readonly aliasToKey: ReadonlyMap<string, string>;
}

function buildKeyTable(data: ArchitectureData): KeyTable {
  const facts = new Map<string, KeyFacts>();
  const rewrites = data.keyAliases ?? [];
  for (const entry of data.keys) {
    const k = normalizeKeyEntry(entry);
    const aliases = rewrites
      .filter(([from]) => k.name.startsWith(from))
      .map(([from, to]) => to + k.name.slice(from.length));
    facts.set(k.name, {
      name: k.name,
      shape: k.shape,
      dtype: k.dtype,
      optional: k.optional,
      aliases,
      configComponent: k.configComponent,
    });
  }
  const aliasToKey = new Map<string, string>();
  for (const f of facts.values()) for (const a of f.aliases) if (!facts.has(a)) aliasToKey.set(a, f.name);
  return { facts, aliasToKey };
}

interface Index {
  readonly components: readonly Component[];
  readonly componentsByName: ReadonlyMap<string, Component>;
  readonly info: ReadonlyMap<string, KeyInfo>;
  readonly blockKeys: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  readonly classKeys: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  readonly merged: readonly string[];
  readonly passthrough: readonly string[];
}

function buildIndex(data: ArchitectureData, table: KeyTable): Index {
  const facts = table.facts;
  const passthroughPrefixes = data.passthrough ?? [];
  // Longest prefix first, so a nested component claims its own keys.
  const byPrefixLength = [...data.components].sort((a, b) => b.prefix.length - a.prefix.length);
  const componentOfKey = (key: string): ComponentData | undefined =>
    byPrefixLength.find((c) => key.startsWith(c.prefix + '.'));

  const merged: string[] = [];
  const passthrough: string[] = [];
  const keysByComponent = new Map<string, string[]>(data.components.map((c) => [c.name, []]));
  const componentByKey = new Map<string, ComponentData>();
  for (const key of facts.keys()) {
    const component = componentOfKey(key);
    if (component === undefined || passthroughPrefixes.some((p) => key.startsWith(p))) {
      passthrough.push(key);
      continue;
    }
    merged.push(key);
    componentByKey.set(key, component);
    keysByComponent.get(component.name)!.push(key);
  }

  const blockDefs = new Map<string, BlockDefinition[]>();
  const matchers = new Map<string, (key: string) => string[]>();
  const namers = new Map(data.components.map((c) => [c.name, classNamer(c.classes)]));
  for (const c of data.components) {
    const defs = discoverBlocks(c, keysByComponent.get(c.name)!);
    blockDefs.set(c.name, defs);
    matchers.set(c.name, blockMatcher(defs));
  }

  const info = new Map<string, KeyInfo>();
  const blockKeys = new Map<string, Map<string, string[]>>();
  const classKeys = new Map<string, Map<string, string[]>>();
  for (const c of data.components) {
    blockKeys.set(c.name, new Map(sortNatural(blockDefs.get(c.name)!.map((b) => b.name)).map((b) => [b, []])));
    classKeys.set(c.name, new Map());
  }

  for (const [key, f] of facts) {
    const component = componentByKey.get(key);
    if (component === undefined) {
      info.set(key, keyInfoOf(f, undefined, EMPTY, undefined));
      continue;
    }
    const blocks = matchers.get(component.name)!(key).sort(compareNatural);
    const cls = namers.get(component.name)!(key.slice(component.prefix.length + 1));
    for (const b of blocks) blockKeys.get(component.name)!.get(b)!.push(key);
    if (cls !== undefined) {
      const byClass = classKeys.get(component.name)!;
      const list = byClass.get(cls);
      if (list) list.push(key);
      else byClass.set(cls, [key]);
    }
    info.set(key, keyInfoOf(f, component.name, blocks, cls));
  }

  const components: Component[] = data.components.map((c) => ({
    name: c.name,
    description: c.description ?? '',
    prefix: c.prefix,
    blocks: [...blockKeys.get(c.name)!.keys()],
    classes: sortNatural(classKeys.get(c.name)!.keys()),
    keys: keysByComponent.get(c.name)!,
  }));

  return {
    components,
    componentsByName: new Map(components.map((c) => [c.name, c])),
    info,
    blockKeys,
    classKeys,
    merged,
    passthrough,
  };
}

function keyInfoOf(
  f: KeyFacts,
  component: string | undefined,
  blocks: readonly string[],
  cls: string | undefined,
): KeyInfo {
  return {
    name: f.name,
    shape: f.shape,
    dtype: f.dtype,
    optional: f.optional,
    aliases: f.aliases,
    configComponent: f.configComponent,
    component,
    blocks,
    class: cls,
    passthrough: component === undefined,
  };
}

function buildConfig(data: ArchitectureData, { facts, aliasToKey }: KeyTable): ModelConfig {
  const config = data.config!;
  const keys = new Map<string, string[]>(config.components.map((c) => [c, []]));
  for (const f of facts.values()) if (f.configComponent !== undefined) keys.get(f.configComponent)?.push(f.name);
  const components: ConfigComponent[] = config.components.map((name) => ({ name, keys: keys.get(name)! }));
  return {
    id: config.id,
    aliases: config.aliases ?? [],
    architecture: data.id,
    description: `sd-mecha 1.x config of ${data.id}`,
    components,
    componentOf: (key) => facts.get(key)?.configComponent ?? facts.get(aliasToKey.get(key) ?? '')?.configComponent,
  };
}
