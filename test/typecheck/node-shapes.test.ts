import { describe, expect, test } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { parse } from '../../src/parser/parse.js';
import { fixtureRecipes } from '../service/recipes.js';

// The checker walks every node on every keystroke; nodes of one kind made with the same fields in the same order
// share one object shape, which keeps those walks fast. A name given after a node was made must not add fields.
describe('graph nodes of one kind have the same fields, in the same order', () => {
  test.each(fixtureRecipes().map((r) => [r.name, r.text] as const))('%s', (_name, text) => {
    const { graph } = buildGraph(parse(text).document, text);
    const keysByKind = new Map<string, string>();
    for (const node of graph.nodes) {
      const keys = Object.keys(node).join(',');
      const first = keysByKind.get(node.kind);
      if (first === undefined) keysByKind.set(node.kind, keys);
      else expect(keys).toBe(first);
    }
  });
});
