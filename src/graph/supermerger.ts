import type { HyperMap, HyperValue, NodeId, RecipeGraph } from './types.js';

/** SuperMerger's block list for sd1, in the order `mbw(sd1, "...")` takes its 26 values. */
export const SD1_MBW_BLOCKS: readonly string[] = [
  'BASE',
  ...Array.from({ length: 12 }, (_, i) => `IN${String(i).padStart(2, '0')}`),
  'M00',
  ...Array.from({ length: 12 }, (_, i) => `OUT${String(i).padStart(2, '0')}`),
];

/**
 * sd-mecha 1.x writes SuperMerger block weights as `dict BASE=... IN00=... OUT11=...`, then
 * `literal &d model_config="sd1-supermerger_blocks" merge_space="param"`, then
 * `merge "convert_sd1_blocks_to_ldm" &l`. When a node is the last of those lines and the dict sets each of the
 * 26 blocks to a number, this returns the same weights as `mbw(sd1, "...")`; else undefined.
 */
export function supermergerValue(graph: RecipeGraph, id: NodeId): HyperMap | undefined {
  const node = graph.nodes[id];
  if (node?.kind !== 'merge' || node.method !== 'convert_sd1_blocks_to_ldm') return undefined;
  if (node.inputs.length !== 1 || node.hypers.length !== 0) return undefined;
  const literal = graph.nodes[node.inputs[0]!];
  if (literal?.kind !== 'literal' || literal.config !== 'sd1-supermerger_blocks') return undefined;
  let value: HyperValue = literal.value;
  if (value.kind === 'node') {
    const target = graph.nodes[value.node];
    if (target?.kind !== 'hyper') return undefined;
    value = target.value;
  }
  if (value.kind !== 'map' || value.entries.length !== SD1_MBW_BLOCKS.length) return undefined;
  const numbers = new Map<string, string>();
  for (const entry of value.entries) {
    if (entry.kind !== 'key' || entry.value.kind !== 'number') return undefined;
    numbers.set(entry.name, entry.value.raw);
  }
  const values = SD1_MBW_BLOCKS.map((block) => numbers.get(block));
  if (values.some((v) => v === undefined)) return undefined;
  return {
    kind: 'map',
    source: 'mbw',
    entries: [{ kind: 'mbw', arch: 'sd1', values: values.join(','), span: node.span }],
    span: node.span,
  };
}
