import { describe, expect, test } from 'vitest';
import { serviceWith, textOf, URI } from './cursor.js';

describe('recipe view', () => {
  test('models, merges and values with their types, edges labelled by the parameter they fill, and the output', () => {
    const text = `version 1
model base  = "v1-5-pruned" : sd1
model tuned = "inpainting_style" : sd1
let mix   = blocks(sd1.unet, in2=0.5) | default(sd1, 0.3)
let out   = add_difference(base, subtract(tuned, base), alpha=mix)
`;
    const view = serviceWith(text).recipeView(URI)!;
    expect(view.nodes.map((n) => [n.kind, n.label, n.type])).toEqual([
      ['model', 'base', 'sd1 weight'],
      ['model', 'tuned', 'sd1 weight'],
      ['hyper', 'mix', 'hyper<sd1>'],
      ['merge', 'subtract', 'sd1 delta'],
      ['merge', 'out = add_difference', 'sd1 weight'],
      ['output', 'output', 'sd1 weight'],
    ]);
    const label = (id: number) => view.nodes.find((n) => n.id === id)!.label;
    expect(view.edges.map((e) => `${label(e.from)} -${e.label ?? ''}-> ${label(e.to)}`)).toEqual([
      'tuned -a-> subtract',
      'base -b-> subtract',
      'base -a-> out = add_difference',
      'subtract -b-> out = add_difference',
      'mix -alpha-> out = add_difference',
      'out = add_difference --> output',
    ]);
    expect(textOf(text, view.nodes[3]!.span)).toBe('subtract(tuned, base)');
    expect(new Set(view.nodes.map((n) => n.id)).size).toBe(view.nodes.length);
  });

  test('unresolved names leave no dangling edges', () => {
    const view = serviceWith('version 1\nmodel a = "a" : sd1\nlet out = weighted_sum(a, nobody)\n').recipeView(URI)!;
    const ids = new Set(view.nodes.map((n) => n.id));
    for (const e of view.edges) {
      expect(ids.has(e.from)).toBe(true);
      expect(ids.has(e.to)).toBe(true);
    }
    expect(view.edges.map((e) => e.label)).toEqual(['a', undefined]);
  });
});
