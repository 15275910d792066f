import type { HyperValue, NodeId, RecipeGraph } from './types.js';

/**
 * sd-mecha 0.1.0 writes a plain hyperparameter `alpha=0.5` as three lines:
 * `dict key=0.5`, `literal &d model_config="singleton-mecha" merge_space="param"`, `merge "convert_singleton" &l`.
 * This returns the `0.5` when a node is the last of those lines, else undefined.
 */
export function singletonValue(graph: RecipeGraph, id: NodeId): HyperValue | undefined {
  const node = graph.nodes[id];
  if (node?.kind !== 'merge' || node.method !== 'convert_singleton') return undefined;
  if (node.inputs.length !== 1 || node.hypers.length !== 0) return undefined;
  const literal = graph.nodes[node.inputs[0]!];
  if (literal?.kind !== 'literal' || literal.config !== 'singleton-mecha') return undefined;
  let value = literal.value;
  if (value.kind === 'node') {
    const target = graph.nodes[value.node];
    if (target?.kind !== 'hyper') return undefined;
    value = target.value;
  }
  if (value.kind !== 'map' || value.entries.length !== 1) return undefined;
  const entry = value.entries[0]!;
  return entry.kind === 'key' && entry.name === 'key' ? entry.value : undefined;
}
