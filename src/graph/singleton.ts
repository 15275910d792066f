import type { HyperValue, LiteralNode, NodeId, RecipeGraph } from './types.js';

/** A plain value spread over every key by the sd-mecha 0.1.0 singleton lines, and how it was spelt. */
export interface SingletonMatch {
  /** The value the hyperparameter takes (`0.5`). */
  readonly value: HyperValue;
  /** The `literal` line. */
  readonly literal: LiteralNode;
  /**
   * The literal holds the value itself (`literal 0.5 ...`) rather than a `dict key=0.5`: sd-mecha 1.x refuses that
   * spelling (a literal wraps a dict), so the checker reports it; lowering still reads the value written.
   */
  readonly bare: boolean;
}

/**
 * sd-mecha 0.1.0 writes a plain hyperparameter `alpha=0.5` as three lines:
 * `dict key=0.5`, `literal &d model_config="singleton-mecha" merge_space="param"`, `merge "convert_singleton" &l`.
 * This matches a node that is the last of those lines, or of the bare spelling `literal 0.5 ...` in place of the
 * first two. The one matcher of the pattern: the checker and lowering both read values through it.
 */
export function matchSingleton(graph: RecipeGraph, id: NodeId): SingletonMatch | undefined {
  const node = graph.nodes[id];
  if (node?.kind !== 'merge' || node.method !== 'convert_singleton') return undefined;
  if (node.inputs.length !== 1 || node.hypers.length !== 0) return undefined;
  const literal = graph.nodes[node.inputs[0]!];
  if (literal?.kind !== 'literal' || literal.config !== 'singleton-mecha') return undefined;
  const bare = bareValue(literal);
  if (bare !== undefined) return { value: bare, literal, bare: true };
  let value = literal.value;
  if (value.kind === 'node') {
    const target = graph.nodes[value.node];
    if (target?.kind !== 'hyper') return undefined;
    value = target.value;
  }
  if (value.kind !== 'map' || value.entries.length !== 1) return undefined;
  const entry = value.entries[0]!;
  return entry.kind === 'key' && entry.name === 'key' ? { value: entry.value, literal, bare: false } : undefined;
}

/** The value a singleton pattern ending at this node spreads (either spelling), else undefined. */
export function singletonValue(graph: RecipeGraph, id: NodeId): HyperValue | undefined {
  return matchSingleton(graph, id)?.value;
}

/** The value of a literal written with a plain value where sd-mecha expects a dict (`literal 0.5 ...`). */
export function bareValue(literal: LiteralNode): HyperValue | undefined {
  const value = literal.value;
  return value.kind === 'number' || value.kind === 'string' || value.kind === 'bool' || value.kind === 'null' ? value : undefined;
}
