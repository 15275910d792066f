import type { GraphNode, HyperEntry, HyperValue, NodeId } from '../graph/types.js';
import type { HyperValue as ResolvedValue } from '../runtime/methods/kernel.js';
import { globMatcher } from '../text/glob.js';
import { mbwListValues } from '../registry/mbw-presets.js';

/** What resolution needs to know about one key of the model being merged. */
export interface KeyMembership {
  /** The tensor key, as the architecture names it. */
  readonly name: string;
  /** The architecture's id (`sd1`); map entries for another architecture do not apply. */
  readonly arch: string;
  /** The merged component the key belongs to, if any. */
  readonly component: string | undefined;
  readonly blocks: readonly string[];
  readonly class: string | undefined;
}

/** SuperMerger's block-list layout: for each position of the list, the component defaults or blocks it sets. */
export type MbwLayout = readonly { readonly targets: readonly { readonly component: string; readonly block: string | undefined }[] }[];

export interface ResolveContext {
  readonly nodes: readonly GraphNode[];
  /** The value a node stands for when it is a hyperparameter written as graph nodes (sd-mecha 0.1.0 singletons). */
  readonly valueOfNode?: (id: NodeId) => HyperValue | undefined;
  /** The architecture's SuperMerger layout, for `mbw(...)` entries. */
  readonly mbw?: MbwLayout | undefined;
}

/** A map flattened to its effective entries, ready to be applied key after key. */
export interface FlatMap {
  /** Per component (`*` for every component): block and class values, later entries already applied. */
  readonly blocks: ReadonlyMap<string, readonly { matches: (block: string) => boolean; value: number }[]>;
  readonly classes: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly defaults: ReadonlyMap<string, number>;
  /** Exact tensor keys (sd-mecha 0.1.0 dicts). */
  readonly keys: ReadonlyMap<string, number>;
  readonly arch: string | undefined;
  /** What a key that no entry covers gets when the map came from a legacy `dict` (sd-mecha's rule: 0). */
  readonly fromDict: boolean;
}

/**
 * Resolves a hyperparameter for one key as sd-mecha does: a scalar is itself; for a map, the mean of the values
 * set for the blocks and the class the key belongs to; else the default of its component; else `fallback` (the
 * method's default in v1; 0 for a map that came from a legacy `dict`). Where `a | b` both set an entry, `b` wins.
 */
export function resolveHyper(
  value: HyperValue,
  key: KeyMembership,
  fallback: ResolvedValue | undefined,
  ctx: ResolveContext,
  cache?: Map<HyperValue, FlatMap>,
): ResolvedValue | undefined {
  const scalar = scalarOf(value, ctx);
  if (scalar !== NOT_SCALAR) return scalar;
  let flat = cache?.get(value);
  if (!flat) {
    flat = flatten(value, ctx);
    cache?.set(value, flat);
  }
  return applyFlat(flat, key, fallback);
}

const NOT_SCALAR = Symbol('not a scalar');

/** Whether a value is a plain scalar (directly or through aliases), which resolves the same for every key. */
export function isScalarHyper(value: HyperValue, ctx: ResolveContext): boolean {
  return scalarOf(value, ctx) !== NOT_SCALAR;
}

function scalarOf(value: HyperValue, ctx: ResolveContext): ResolvedValue | typeof NOT_SCALAR {
  // Aliases (`let a2 = a1`) are followed in a loop: a chain of them is as long as the recipe.
  let current = value;
  let seen: Set<NodeId> | undefined;
  while (current.kind === 'node') {
    if (seen?.has(current.node)) return NOT_SCALAR;
    (seen ??= new Set()).add(current.node);
    const inner = nodeValue(current.node, ctx);
    if (inner === undefined) return NOT_SCALAR;
    current = inner;
  }
  switch (current.kind) {
    case 'number':
    case 'bool':
    case 'string':
      return current.value;
    case 'null':
      return null;
    default:
      return NOT_SCALAR;
  }
}

export function applyFlat(flat: FlatMap, key: KeyMembership, fallback: ResolvedValue | undefined): ResolvedValue | undefined {
  const exact = flat.keys.get(key.name);
  if (exact !== undefined) return exact;
  if (flat.arch !== undefined && flat.arch !== key.arch) return flat.fromDict ? 0 : fallback;
  const component = key.component ?? '';
  let sum = 0;
  let count = 0;
  for (const block of key.blocks) {
    const value = blockValue(flat, component, block);
    if (value !== undefined) {
      sum += value;
      count++;
    }
  }
  if (key.class !== undefined) {
    const value = flat.classes.get(component)?.get(key.class) ?? flat.classes.get('*')?.get(key.class);
    if (value !== undefined) {
      sum += value;
      count++;
    }
  }
  if (count > 0) return sum / count;
  const byDefault = flat.defaults.get(component) ?? flat.defaults.get('*');
  if (byDefault !== undefined) return byDefault;
  return flat.fromDict ? 0 : fallback;
}

/** The value set for a block: the last entry whose name (or wildcard) matches it. */
function blockValue(flat: FlatMap, component: string, block: string): number | undefined {
  let found: number | undefined;
  for (const list of [flat.blocks.get('*'), flat.blocks.get(component)]) {
    if (!list) continue;
    for (const { matches, value } of list) if (matches(block)) found = value;
  }
  return found;
}

/** Flattens a map, a pipe of maps, or a reference to one, into its effective entries. */
export function flatten(value: HyperValue, ctx: ResolveContext): FlatMap {
  const blocks = new Map<string, { matches: (block: string) => boolean; value: number; order: number }[]>();
  const classes = new Map<string, Map<string, number>>();
  const defaults = new Map<string, number>();
  const keys = new Map<string, number>();
  let arch: string | undefined;
  let fromDict = false;
  let order = 0;

  const numberOf = (v: HyperValue): number | undefined => {
    const s = scalarOf(v, ctx);
    if (typeof s === 'number') return s;
    if (typeof s === 'boolean') return s ? 1 : 0;
    return undefined;
  };
  const setBlock = (component: string, name: string, v: number): void => {
    const list = blocks.get(component) ?? [];
    list.push({ matches: globMatcher(name), value: v, order: order++ });
    blocks.set(component, list);
  };
  const addEntry = (entry: HyperEntry): void => {
    if ('arch' in entry && entry.arch !== undefined) arch ??= entry.arch;
    switch (entry.kind) {
      case 'default': {
        const v = numberOf(entry.value);
        if (v !== undefined) defaults.set(entry.component ?? '*', v);
        return;
      }
      case 'block': {
        const v = numberOf(entry.value);
        if (v !== undefined) setBlock(entry.component ?? '*', entry.name, v);
        return;
      }
      case 'class': {
        const v = numberOf(entry.value);
        if (v === undefined) return;
        const component = entry.component ?? '*';
        const map = classes.get(component) ?? new Map<string, number>();
        map.set(entry.name, v);
        classes.set(component, map);
        return;
      }
      case 'mbw': {
        const values = mbwListValues(entry.values, ctx.mbw?.length ?? 0);
        (ctx.mbw ?? []).forEach((slot, i) => {
          const v = values[i];
          if (v === undefined || Number.isNaN(v)) return;
          for (const target of slot.targets) {
            if (target.block === undefined) defaults.set(target.component, v);
            else setBlock(target.component, target.block, v);
          }
        });
        return;
      }
      case 'key': {
        const v = numberOf(entry.value);
        if (v !== undefined) keys.set(entry.name, v);
        return;
      }
      case 'invalid':
        return;
    }
  };
  // Bound names chain maps (`let m2 = m1 | ...`) as deep as the recipe is long: an explicit stack, parts pushed in
  // reverse so they come off in order; `leave` marks where a followed name's value ends.
  const stack: (HyperValue | { leave: NodeId })[] = [value];
  const following = new Set<NodeId>();
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if ('leave' in top) following.delete(top.leave);
    else if (top.kind === 'map') {
      if (top.source === 'dict') fromDict = true;
      top.entries.forEach(addEntry);
    } else if (top.kind === 'pipe') {
      for (let i = top.parts.length - 1; i >= 0; i--) stack.push(top.parts[i]!);
    } else if (top.kind === 'node' && !following.has(top.node)) {
      const inner = nodeValue(top.node, ctx);
      if (inner !== undefined) {
        following.add(top.node);
        stack.push({ leave: top.node }, inner);
      }
    }
  }
  // Within one component, later entries win: keep list order, `blockValue` takes the last match.
  for (const list of blocks.values()) list.sort((a, b) => a.order - b.order);
  return { blocks, classes, defaults, keys, arch, fromDict };
}

/** The value behind a node used as a hyperparameter: a bound value, a literal, or a context-specific wrapper. */
function nodeValue(id: NodeId, ctx: ResolveContext): HyperValue | undefined {
  const node = ctx.nodes[id];
  if (node && (node.kind === 'hyper' || node.kind === 'literal')) return node.value;
  return ctx.valueOfNode?.(id);
}

