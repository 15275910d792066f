import type { Document } from '../ast/nodes.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildGraph } from '../graph/build.js';
import type { GraphNode, HyperValue } from '../graph/types.js';
import type { Registry } from '../registry/registry.js';
import { createContext, type GraphVisitor } from './context.js';
import type { CheckHost } from './host.js';
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
  const built = buildGraph(document, options.text, options.suggestions);
  const graph = built.graph;
  const inference = inferTypes(graph, registry, host);
  const diagnostics: Diagnostic[] = [];
  const context = createContext(document, graph, registry, inference, new SourceIndex(document), host, options, diagnostics);
  const visitors = RULES.map((rule) => rule(context));
  // Each kind's functions, in rule order, gathered once rather than looked up on every visitor for every node.
  const model = hooks(visitors, 'model');
  const param = hooks(visitors, 'param');
  const merge = hooks(visitors, 'merge');
  const hyper = hooks(visitors, 'hyper');
  const literal = hooks(visitors, 'literal');
  const map = hooks(visitors, 'map');
  const output = hooks(visitors, 'output');

  const maps = (value: HyperValue, owner: GraphNode): void => {
    // The order of forEachValue: the value, then its pipe parts or its entries' values.
    if (value.kind === 'map') {
      for (const fn of map) fn(value, owner);
      for (const entry of value.entries) if ('value' in entry) maps(entry.value, owner);
    } else if (value.kind === 'pipe') {
      for (const part of value.parts) maps(part, owner);
    }
  };

  for (const node of graph.nodes) {
    switch (node.kind) {
      case 'model':
        for (const fn of model) fn(node);
        break;
      case 'param':
        for (const fn of param) fn(node);
        break;
      case 'merge': {
        const facts = inference.merges[node.id];
        if (facts) for (const fn of merge) fn(node, facts);
        for (const h of node.hypers) maps(h.value, node);
        break;
      }
      case 'hyper':
        for (const fn of hyper) fn(node);
        maps(node.value, node);
        break;
      case 'literal':
        for (const fn of literal) fn(node);
        maps(node.value, node);
        break;
      case 'error':
        break;
    }
  }
  if (graph.output !== undefined) {
    for (const fn of output) fn(graph.output, graph.outputSpan);
  }

  return {
    graph,
    types: inference.types,
    models: inference.models,
    diagnostics: unique([...built.diagnostics, ...diagnostics]).sort(compareDiagnostics),
  };
}

/** The visitors' functions for one kind of node, in rule order (called unbound, as rules expect). */
function hooks<K extends keyof GraphVisitor>(visitors: readonly GraphVisitor[], key: K): NonNullable<GraphVisitor[K]>[] {
  const out: NonNullable<GraphVisitor[K]>[] = [];
  for (const visitor of visitors) {
    const fn = visitor[key];
    if (fn) out.push(fn as NonNullable<GraphVisitor[K]>);
  }
  return out;
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
