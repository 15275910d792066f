import type { GraphNode, HyperValue, NodeId } from '../graph/types.js';
import { modelParamAt } from '../registry/methods/signature.js';
import { forEachValue } from '../typecheck/hyper-values.js';
import type { RecipeView } from './api.js';
import type { DocumentState } from './document-state.js';

type ViewNode = RecipeView['nodes'][number];
type ViewEdge = RecipeView['edges'][number];

/**
 * The recipe as the playground draws it: the graph's nodes (models, params, merges, values) with their inferred
 * types, an edge from each input to what uses it (labelled with the parameter it fills), and the output.
 */
export function recipeView(state: DocumentState): RecipeView {
  const semantic = state.semantic;
  const graph = semantic.graph;
  const nodes: ViewNode[] = [];
  const edges: ViewEdge[] = [];
  const shown = new Set<NodeId>();
  for (const node of graph.nodes) {
    if (node.kind === 'error') continue;
    shown.add(node.id);
    const type = semantic.typeText(node.id);
    nodes.push({
      id: node.id,
      kind: node.kind,
      label: labelOf(state, node),
      ...(type ? { type } : {}),
      span: node.span,
    });
  }
  const edge = (from: NodeId, to: NodeId, label?: string) => {
    if (shown.has(from) && shown.has(to)) edges.push({ from, to, ...(label !== undefined ? { label } : {}) });
  };
  const valueEdges = (value: HyperValue, to: NodeId, label?: string) =>
    forEachValue(value, (v) => {
      if (v.kind === 'node') edge(v.node, to, label);
    });

  for (const node of graph.nodes) {
    if (node.kind === 'merge') {
      const sig = state.registry.method(node.method);
      node.inputs.forEach((input, i) => edge(input, node.id, (sig && modelParamAt(sig, i)?.name) ?? `#${i}`));
      for (const hyper of node.hypers) valueEdges(hyper.value, node.id, hyper.name);
    } else if (node.kind === 'hyper' || node.kind === 'literal') {
      valueEdges(node.value, node.id);
    }
  }
  if (graph.output !== undefined && shown.has(graph.output)) {
    const id = graph.nodes.length;
    const type = semantic.typeText(graph.output);
    nodes.push({
      id,
      kind: 'output',
      label: 'output',
      ...(type ? { type } : {}),
      span: graph.outputSpan ?? graph.nodes[graph.output]!.span,
    });
    edges.push({ from: graph.output, to: id });
  }
  return { nodes, edges };
}

function labelOf(state: DocumentState, node: GraphNode): string {
  const named = (text: string) => (node.name !== undefined ? `${node.name} = ${text}` : text);
  switch (node.kind) {
    case 'model':
      return node.name ?? node.path;
    case 'param':
      return node.name;
    case 'merge':
      return named(node.method);
    default:
      return node.name ?? (node.index !== undefined ? `&${node.index}` : state.semantic.snippet(node.span, 40));
  }
}
