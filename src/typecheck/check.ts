import type { Document } from '../ast/nodes.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildGraph } from '../graph/build.js';
import type { GraphNode, HyperValue } from '../graph/types.js';
import type { Registry } from '../registry/registry.js';
import { createContext, type GraphVisitor } from './context.js';
import type { CheckHost } from './host.js';
import { forEachValue } from './hyper-values.js';
import { inferTypes } from './infer.js';
import { RULES } from './rules/index.js';
import { SourceIndex } from './source-index.js';
import type { CheckOptions, CheckResult } from './types.js';

/**
 * Type-checks a parsed recipe: builds its graph (name and reference diagnostics), infers every node's type, and
 * runs every rule in one pass over the graph. Reads model headers through the host when there is one; without
 * it, file checks are skipped. Never throws on any document the parser returns.
 */
export function check(document: Document, registry: Registry, host?: CheckHost, options: CheckOptions = {}): CheckResult {
  const built = buildGraph(document, options.text);
  const graph = built.graph;
  const inference = inferTypes(graph, registry, host);
  const diagnostics: Diagnostic[] = [];
  const context = createContext(document, graph, registry, inference, new SourceIndex(document), host, options, diagnostics);
  const visitors = RULES.map((rule) => rule(context));

  const each = <K extends keyof GraphVisitor>(key: K, call: (fn: NonNullable<GraphVisitor[K]>) => void) => {
    for (const visitor of visitors) {
      const fn = visitor[key];
      if (fn) call(fn);
    }
  };
  const maps = (value: HyperValue, owner: GraphNode) =>
    forEachValue(value, (v) => {
      if (v.kind === 'map') each('map', (fn) => fn(v, owner));
    });

  for (const node of graph.nodes) {
    switch (node.kind) {
      case 'model':
        each('model', (fn) => fn(node));
        break;
      case 'param':
        each('param', (fn) => fn(node));
        break;
      case 'merge': {
        const facts = inference.merges.get(node.id);
        if (facts) each('merge', (fn) => fn(node, facts));
        for (const h of node.hypers) maps(h.value, node);
        break;
      }
      case 'hyper':
        each('hyper', (fn) => fn(node));
        maps(node.value, node);
        break;
      case 'literal':
        each('literal', (fn) => fn(node));
        maps(node.value, node);
        break;
      case 'error':
        break;
    }
  }
  if (graph.output !== undefined) {
    const output = graph.output;
    each('output', (fn) => fn(output, graph.outputSpan));
  }

  return {
    graph,
    types: inference.types,
    models: inference.models,
    diagnostics: unique([...built.diagnostics, ...diagnostics]).sort(compareDiagnostics),
  };
}

/** A value bound to a name and used twice is checked twice; its problems are reported once. */
function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}:${d.span.start}:${d.span.end}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
