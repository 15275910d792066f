import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { createRegistry } from '../../src/registry/index.js';
import { check } from '../../src/typecheck/check.js';
import type { CheckHost } from '../../src/typecheck/host.js';
import type { NodeType } from '../../src/typecheck/types.js';

const registry = createRegistry();

/** The inferred type of every named node (or `&N` line) of a recipe. */
function typesOf(text: string, host?: CheckHost): Record<string, NodeType> {
  const result = check(parse(text).document, registry, host, { text });
  const out: Record<string, NodeType> = {};
  for (const node of result.graph.nodes) {
    const name = node.index !== undefined ? `&${node.index}` : node.name;
    if (name !== undefined) out[name] = result.types.get(node.id)!;
  }
  return out;
}

/** A host that knows one model, whose header holds the given tensor names. */
function hostWith(path: string, keys: readonly string[]): CheckHost {
  return {
    readModelHeader: (p) =>
      p === path
        ? { file: `/models/${p}.safetensors`, tensors: new Map(keys.map((k) => [k, { shape: [1], dtype: 'F16' }])) }
        : { error: 'not-found', message: `no ${p}` },
  };
}

describe('type inference', () => {
  test('v1: spaces follow the signatures, architectures the declarations', () => {
    const types = typesOf(`version 1
model base = "base" : sd1
model tuned = "tuned" : sd1
let d = subtract(tuned, base)
let out = add_difference(base, d, alpha=0.5)
`);
    expect(types['d']).toEqual({ arch: 'sd1', space: 'delta' });
    expect(types['out']).toEqual({ arch: 'sd1', space: 'weight' });
  });

  test('a legacy param without an architecture takes its consumer\'s, through every call', () => {
    const types = typesOf(`parameter "a" "BASE" "sdxl"
parameter "c" "BASE"
merge "subtract" &0 &1
parameter "b" "BASE"
merge "subtract" &3 &1
merge "perpendicular_component" &2 &4
merge "add_difference" &0 &5 alpha=1.0
`);
    expect(types['&1']).toEqual({ arch: 'sdxl', space: 'weight' });
    expect(types['&3']).toEqual({ arch: 'sdxl', space: 'weight' });
    expect(types['&4']).toEqual({ arch: 'sdxl', space: 'delta' });
    expect(types['&6']).toEqual({ arch: 'sdxl', space: 'weight' });
  });

  test('an undeclared model takes the architecture its header shows', () => {
    const sd1 = registry.architecture('sd1')!;
    const host = hostWith('dream', [...sd1.keys.keys()]);
    const result = check(parse('version 1\nmodel dream = "dream"\nmodel b = "b"\nlet out = weighted_sum(dream, b)\n').document, registry, host);
    const byName = new Map(result.graph.nodes.map((n) => [n.name, result.types.get(n.id)]));
    expect(byName.get('dream')).toEqual({ arch: 'sd1', space: 'weight' });
    // b's file is missing: its architecture comes from the call it is used in.
    expect(byName.get('b')).toEqual({ arch: 'sd1', space: 'weight' });
    const resolved = [...result.models.values()];
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.path).toBe('/models/dream.safetensors');
    expect(resolved[0]!.arch).toBe('sd1');
    expect(resolved[0]!.tensors.size).toBe(sd1.keys.size);
  });

  test('hyperparameter maps are parameters of their architecture; 0.1.0 singletons take no architecture', () => {
    const v1 = typesOf('version 1\nparam a : sd1\nparam b : sd1\nlet mix = blocks(sd1.unet, in2=0.5)\nlet out = weighted_sum(a, b, alpha=mix)\n');
    expect(v1['mix']).toEqual({ arch: 'sd1', space: 'param' });
    const legacy = typesOf(`version 0.1.0
model "a" model_config="sd1-ldm" merge_space="weight"
model "b" model_config="sd1-ldm" merge_space="weight"
literal 0.5 model_config="singleton-mecha" merge_space="param"
merge "convert_singleton" &2
merge "weighted_sum" &0 &1 alpha=&3
`);
    expect(legacy['&0']).toEqual({ arch: 'sd1', space: 'weight', config: 'sd1-ldm' });
    expect(legacy['&2']).toEqual({ arch: undefined, space: 'param', config: 'singleton-mecha' });
    expect(legacy['&3']).toEqual({ arch: 'sd1', space: 'param' });
    expect(legacy['&4']).toEqual({ arch: 'sd1', space: 'weight', config: 'sd1-ldm' });
  });

  test('a LoRA is accepted where a delta is expected, and keeps its own space', () => {
    const text = 'version 1\nmodel base = "b" : sd1\nmodel style = "s" : sd1 lora\nlet out = add_difference(base, style)\n';
    const result = check(parse(text).document, registry);
    expect(result.diagnostics).toEqual([]);
    const style = result.graph.nodes.find((n) => n.name === 'style')!;
    expect(result.types.get(style.id)).toEqual({ arch: 'sd1', space: 'lora' });
  });

  test('an assumed architecture never makes a conflict of its own', () => {
    // x has no declared architecture; its two consumers disagree, and only the real conflict is reported.
    const text = `version 1
model x = "x"
model a = "a" : sd1
model b = "b" : sdxl
let one = weighted_sum(x, a)
let two = weighted_sum(x, b)
let out = weighted_sum(one, two)
`;
    const result = check(parse(text).document, registry, undefined, { text });
    expect(result.diagnostics.map((d) => d.code)).toEqual([4002]);
    expect(result.diagnostics[0]!.span.start).toBe(text.indexOf('two)'));
  });
});
