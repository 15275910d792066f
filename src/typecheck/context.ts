import type { Dialect, Document } from '../ast/nodes.js';
import { createDiagnostic, type Diagnostic, type DiagnosticKind, type DiagnosticOptions, type MessageArgs } from '../diagnostics/diagnostic.js';
import type { GraphNode, HyperMap, HyperNode, HyperValue, LiteralNode, MergeNode, ModelNode, NodeId, ParamNode, RecipeGraph } from '../graph/types.js';
import type { Registry } from '../registry/registry.js';
import { LineIndex } from '../text/line-index.js';
import type { Span } from '../text/span.js';
import type { CheckHost } from './host.js';
import type { Inference, MergeFacts, ModelFile } from './infer.js';
import type { SourceIndex } from './source-index.js';
import type { CheckOptions, NodeType } from './types.js';

/**
 * What a rule visits: each graph node once, in graph order (inputs before the calls that use them), each
 * hyperparameter map once, then the output. Every rule's visitor runs in the same pass.
 */
export interface GraphVisitor {
  model?(node: ModelNode): void;
  param?(node: ParamNode): void;
  merge?(node: MergeNode, facts: MergeFacts): void;
  hyper?(node: HyperNode): void;
  literal?(node: LiteralNode): void;
  /** A `blocks(...)`, `classes(...)`, `default(...)`, `mbw(...)` or legacy `dict`, with the node holding it. */
  map?(map: HyperMap, owner: GraphNode): void;
  /** The node the recipe produces. */
  output?(id: NodeId, span: Span | undefined): void;
}

/** A check: given the context, the visitor that finds one kind of problem. */
export type Rule = (context: CheckContext) => GraphVisitor;

/** What rules read, and how they report. */
export interface CheckContext {
  readonly registry: Registry;
  readonly graph: RecipeGraph;
  readonly document: Document;
  readonly dialect: Dialect;
  /** An sd-mecha 0.0.x recipe: its defaults and spellings apply. */
  readonly legacy: boolean;
  readonly options: CheckOptions;
  /** Undefined when files are not checked. */
  readonly host: CheckHost | undefined;
  readonly source: SourceIndex;
  typeOf(id: NodeId): NodeType;
  /** The node's architecture is declared, detected or computed from such, not only assumed from a consumer. */
  archIsKnown(id: NodeId): boolean;
  mergeFacts(id: NodeId): MergeFacts | undefined;
  file(id: NodeId): ModelFile | undefined;
  /** The calls and bindings that use a node. */
  consumers(id: NodeId): readonly NodeId[];
  /** How messages name a node: `'ghost'`, `&3`, or undefined for an unnamed expression. */
  nameOf(id: NodeId): string | undefined;
  /** The 1-based line of an offset, when the text is known. */
  lineOf(offset: number): number | undefined;
  report(kind: DiagnosticKind, span: Span, args?: MessageArgs, options?: DiagnosticOptions): void;
}

export function createContext(
  document: Document,
  graph: RecipeGraph,
  registry: Registry,
  inference: Inference,
  source: SourceIndex,
  host: CheckHost | undefined,
  options: CheckOptions,
  diagnostics: Diagnostic[],
): CheckContext {
  // Most checks never name a line: index the text on the first question.
  let lines: LineIndex | undefined;
  let consumers: NodeId[][] | undefined;
  const unknown: NodeType = { arch: undefined, space: undefined };
  return {
    registry,
    graph,
    document,
    dialect: graph.dialect,
    legacy: graph.dialect === 'legacy',
    options,
    host,
    source,
    typeOf: (id) => inference.types.get(id) ?? unknown,
    archIsKnown: (id) => inference.certain[id] === true,
    mergeFacts: (id) => inference.merges[id],
    file: (id) => inference.files.get(id),
    consumers(id) {
      consumers ??= consumerLists(graph);
      return consumers[id] ?? [];
    },
    nameOf(id) {
      const node = graph.nodes[id];
      if (!node) return undefined;
      if (node.name !== undefined) return `'${node.name}'`;
      if (node.index !== undefined) return `&${node.index}`;
      if (node.kind === 'model') return JSON.stringify(node.path);
      return undefined;
    },
    lineOf(offset) {
      if (options.text === undefined) return undefined;
      lines ??= new LineIndex(options.text);
      return lines.positionAt(offset).line + 1;
    },
    report(kind, span, args = {}, reportOptions = {}) {
      diagnostics.push(createDiagnostic(kind, span, args, reportOptions));
    },
  };
}

function consumerLists(graph: RecipeGraph): NodeId[][] {
  const lists: NodeId[][] = graph.nodes.map(() => []);
  for (const node of graph.nodes) {
    if (node.kind === 'merge') {
      for (const input of node.inputs) lists[input]?.push(node.id);
      for (const h of node.hypers) addValue(lists, node.id, h.value);
    } else if (node.kind === 'hyper' || node.kind === 'literal') {
      addValue(lists, node.id, node.value);
    }
  }
  return lists;
}

/** Every node a value names, in the order of `forEachValue` (the value, then its parts or entries' values). */
function addValue(lists: NodeId[][], from: NodeId, value: HyperValue): void {
  if (value.kind === 'node') lists[value.node]?.push(from);
  else if (value.kind === 'pipe') for (const part of value.parts) addValue(lists, from, part);
  else if (value.kind === 'map') for (const entry of value.entries) if ('value' in entry) addValue(lists, from, entry.value);
}
