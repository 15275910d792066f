import { singletonValue } from '../graph/singleton.js';
import type { HyperValue, NodeId, RecipeGraph } from '../graph/types.js';

/** A value that is its own one leaf, not in a map (`leavesOf` gives it alone): no pipe, map or node. */
export function isScalar(value: HyperValue): boolean {
  return value.kind !== 'pipe' && value.kind !== 'map' && value.kind !== 'node';
}

/** Whether a value is per-block values, or joins some with `|` (bound names are not followed). */
export function hasMap(value: HyperValue): boolean {
  if (value.kind === 'map') return true;
  if (value.kind === 'pipe') for (const part of value.parts) if (hasMap(part)) return true;
  return false;
}

/** Calls `visit` on a value and every value inside it (pipe parts, map entries), without following bound names. */
export function forEachValue(value: HyperValue, visit: (value: HyperValue) => void): void {
  visit(value);
  if (value.kind === 'pipe') for (const part of value.parts) forEachValue(part, visit);
  else if (value.kind === 'map') {
    for (const entry of value.entries) if ('value' in entry) forEachValue(entry.value, visit);
  }
}

/**
 * The value a name or `&N` stands for when it is a plain hyperparameter (`let mix = default(...)`, a legacy
 * `dict`), followed through aliases; undefined when it is anything else (a model, a merge, a literal).
 */
export function boundValue(graph: RecipeGraph, id: NodeId): HyperValue | undefined {
  let seen: Set<NodeId> | undefined;
  let current: NodeId = id;
  for (;;) {
    const node = graph.nodes[current];
    if (node?.kind !== 'hyper' || seen?.has(current)) return undefined;
    if (node.value.kind !== 'node') return node.value;
    // An alias of an alias: remember the way, so a cycle ends.
    (seen ??= new Set()).add(current);
    current = node.value.node;
  }
}

/** One value a hyperparameter ends up with, and whether it is an entry of per-block values. */
export interface Leaf {
  readonly value: HyperValue;
  readonly inMap: boolean;
}

/**
 * The values a hyperparameter ends up with: every scalar inside it, and every node that is not a plain value (a
 * model, a merge), following bound names, legacy `&N` dicts and sd-mecha 0.1.0 singletons to what they hold.
 */
export function leavesOf(graph: RecipeGraph, value: HyperValue): Leaf[] {
  const out: Leaf[] = [];
  // An explicit stack, children pushed in reverse so they come off in source order: bound names chain values
  // (`let m2 = m1 | ...`) as deep as the recipe is long.
  const stack: Leaf[] = [{ value, inMap: false }];
  let seen: Set<NodeId> | undefined;
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { value: v, inMap } = top;
    switch (v.kind) {
      case 'pipe':
        for (let i = v.parts.length - 1; i >= 0; i--) stack.push({ value: v.parts[i]!, inMap });
        break;
      case 'map':
        for (let i = v.entries.length - 1; i >= 0; i--) {
          const entry = v.entries[i]!;
          if ('value' in entry) stack.push({ value: entry.value, inMap: true });
        }
        break;
      case 'node': {
        const held = seen?.has(v.node) ? undefined : (boundValue(graph, v.node) ?? singletonValue(graph, v.node));
        if (held === undefined) out.push(top);
        else {
          (seen ??= new Set()).add(v.node);
          stack.push({ value: held, inMap });
        }
        break;
      }
      default:
        out.push(top);
    }
  }
  return out;
}
