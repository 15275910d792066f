import type { ArchitectureData } from './architecture-data.js';
import { createArchitecture, type Architecture } from './architecture.js';
import { BUILTIN_ARCHITECTURES } from './builtin-architectures.js';
import {
  BUILTIN_METHODS,
  HYPER_BUILTINS,
  validateMethodSignature,
  type HyperBuiltin,
  type MethodSignature,
} from './methods/index.js';
import { createSingletonConfig, type ModelConfig } from './model-config.js';
import { suggest } from '../text/suggest.js';

export interface RegistryOptions {
  /** Architectures added after the built-in ones; one with a built-in's id replaces it. */
  readonly architectures?: readonly ArchitectureData[];
  /** Methods added after the built-in ones; one with a built-in's name replaces it. */
  readonly methods?: readonly MethodSignature[];
  /** Include the built-in architectures and methods (default true). */
  readonly builtins?: boolean;
}

/**
 * What the checker, the planner, the language service and the CLI know about architectures and merge methods.
 * Built once and passed in; nothing here is global, so a user's own architectures and methods join the same way
 * the built-in ones do.
 */
export interface Registry {
  /** By id or alias (`sd1`, `sd1-ldm`). */
  architecture(nameOrAlias: string): Architecture | undefined;
  architectures(): readonly Architecture[];
  /** An sd-mecha 1.x model config by id or alias (`sd1-ldm`, `singleton-mecha`). */
  config(nameOrAlias: string): ModelConfig | undefined;
  configs(): readonly ModelConfig[];
  /** By name or alias (`model_stock_for_tensor` finds `model_stock`). */
  method(nameOrAlias: string): MethodSignature | undefined;
  methods(): readonly MethodSignature[];
  /** `blocks`, `classes`, `default`, `mbw`. */
  hyperBuiltin(name: string): HyperBuiltin | undefined;
  hyperBuiltins(): readonly HyperBuiltin[];
  /** The nearest known architecture name (id or alias) to a misspelt one, if any is close. */
  suggestArchitecture(name: string): string | undefined;
  suggestMethod(name: string): string | undefined;
  suggestConfig(name: string): string | undefined;
  /** Entries that were left out because they were unsound (a user method whose signature has errors). */
  readonly problems: readonly string[];
}

export function createRegistry(options: RegistryOptions = {}): Registry {
  const builtins = options.builtins ?? true;
  const problems: string[] = [];

  const archById = new Map<string, Architecture>();
  for (const data of [...(builtins ? BUILTIN_ARCHITECTURES : []), ...(options.architectures ?? [])]) {
    archById.set(data.id, createArchitecture(data));
  }
  const archs = [...archById.values()];
  const archNames = indexByName(
    archs,
    (a) => a.id,
    (a) => a.aliases,
  );

  const configs: ModelConfig[] = [];
  for (const a of archs) {
    // The config object comes from the architecture's index; only its id is needed to list it cheaply.
    if (a.data.config) configs.push(lazyConfig(a));
  }
  configs.push(createSingletonConfig());
  const configNames = indexByName(
    configs,
    (c) => c.id,
    (c) => c.aliases,
  );

  const methodByName = new Map<string, MethodSignature>();
  for (const m of [...(builtins ? BUILTIN_METHODS : []), ...(options.methods ?? [])]) {
    const errors = validateMethodSignature(m);
    if (errors.length > 0) problems.push(...errors);
    else methodByName.set(m.name, m);
  }
  const methods = [...methodByName.values()];
  const methodNames = indexByName(
    methods,
    (m) => m.name,
    (m) => m.aliases,
  );
  const hyperBuiltins = new Map(HYPER_BUILTINS.map((h) => [h.name, h]));

  return {
    architecture: (name) => archNames.get(name),
    architectures: () => archs,
    config: (name) => configNames.get(name),
    configs: () => configs,
    method: (name) => methodNames.get(name),
    methods: () => methods,
    hyperBuiltin: (name) => hyperBuiltins.get(name),
    hyperBuiltins: () => HYPER_BUILTINS,
    suggestArchitecture: (name) => suggest(name, archNames.keys()),
    suggestMethod: (name) => suggest(name, methodNames.keys()),
    suggestConfig: (name) => suggest(name, configNames.keys()),
    problems,
  };
}

/** Names and aliases to entries; an id always wins over another entry's alias of the same spelling. */
function indexByName<T>(
  items: readonly T[],
  id: (t: T) => string,
  aliases: (t: T) => readonly string[],
): Map<string, T> {
  const byName = new Map<string, T>();
  for (const item of items) for (const alias of aliases(item)) if (!byName.has(alias)) byName.set(alias, item);
  for (const item of items) byName.set(id(item), item);
  return byName;
}

/** A config that asks its architecture for its components only when they are needed. */
function lazyConfig(arch: Architecture): ModelConfig {
  const data = arch.data.config!;
  const real = () => arch.config!;
  return {
    id: data.id,
    aliases: data.aliases ?? [],
    architecture: arch.id,
    get description() {
      return real().description;
    },
    get components() {
      return real().components;
    },
    componentOf: (key) => real().componentOf(key),
  };
}
