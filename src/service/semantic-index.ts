import type { Document, LegacyStatement } from '../ast/nodes.js';
import type { Binding, GraphNode, NameUse, NodeId, RecipeGraph } from '../graph/types.js';
import type { Span } from '../text/span.js';
import { spanKey, type SpanKey } from '../typecheck/span-key.js';
import type { NodeType, ResolvedModel } from '../typecheck/types.js';
import { typeText } from './describe.js';

/** What the index is built from: the graph and what inference learnt (a check result has both). */
export interface SemanticFacts {
  readonly graph: RecipeGraph;
  readonly types: ReadonlyMap<NodeId, NodeType>;
  readonly models: ReadonlyMap<NodeId, ResolvedModel>;
}

/**
 * Offsets to meaning: which name use, binding, call or legacy line is at a place, built once per text from the
 * graph (which already resolved every name and `&N`) and the inferred types.
 */
export class SemanticIndex {
  readonly graph: RecipeGraph;
  private readonly uses: readonly NameUse[];
  private readonly bindings: readonly Binding[];
  private readonly nodesBySpan = new Map<SpanKey, NodeId>();
  private readonly legacyLines = new Map<number, LegacyStatement>();

  constructor(
    readonly document: Document,
    private readonly facts: SemanticFacts,
    readonly text: string,
  ) {
    this.graph = facts.graph;
    this.uses = [...this.graph.uses].sort((a, b) => a.span.start - b.span.start);
    this.bindings = [...this.graph.bindings].sort((a, b) => a.nameSpan.start - b.nameSpan.start);
    for (const node of this.graph.nodes) {
      const key = spanKey(node.span);
      // The first node made at a span is the one its syntax denotes (a bound call, not an alias of it).
      if (!this.nodesBySpan.has(key)) this.nodesBySpan.set(key, node.id);
    }
    for (const statement of document.statements) {
      if (statement.kind === 'LegacyStatement') this.legacyLines.set(statement.index, statement);
    }
  }

  /** The name or `&N` use whose text holds `offset` (its end included, where the cursor sits after typing it). */
  useAt(offset: number): NameUse | undefined {
    return findAt(this.uses, offset, (u) => u.span);
  }

  /** The binding whose declared name holds `offset`. */
  bindingAt(offset: number): Binding | undefined {
    return findAt(this.bindings, offset, (b) => b.nameSpan);
  }

  binding(index: number): Binding | undefined {
    return this.graph.bindings[index];
  }

  /** The index in `graph.bindings` of the binding a name resolves to (its first, non-duplicate definition). */
  bindingIndexOf(binding: Binding): number {
    return this.graph.bindings.indexOf(binding);
  }

  /** Every use of a binding (by its index in `graph.bindings`). */
  usesOfBinding(index: number): NameUse[] {
    return this.uses.filter((u) => u.binding === index);
  }

  /** Every resolved use of the legacy line numbered `index`. */
  usesOfLine(index: number): NameUse[] {
    const node = this.nodeOfLine(index);
    return node === undefined ? [] : this.uses.filter((u) => u.node === node && u.text === `&${index}`);
  }

  /** The node the syntax at exactly `span` made (a call's merge, a string's inline model, a legacy line). */
  nodeAt(span: Span): GraphNode | undefined {
    const id = this.nodesBySpan.get(spanKey(span));
    return id === undefined ? undefined : this.graph.nodes[id];
  }

  node(id: NodeId | undefined): GraphNode | undefined {
    return id === undefined ? undefined : this.graph.nodes[id];
  }

  type(id: NodeId | undefined): NodeType | undefined {
    return id === undefined ? undefined : this.facts.types.get(id);
  }

  /** The file a model's path resolved to, when the host read its header. */
  model(id: NodeId): ResolvedModel | undefined {
    return this.facts.models.get(id);
  }

  /** `sd1 weight`, `hyper<sd1>`, `number`: how a node's type reads in completion details and hovers. */
  typeText(id: NodeId | undefined): string | undefined {
    const node = this.node(id);
    return node ? typeText(node, this.type(id)) : undefined;
  }

  /** The legacy statement numbered `index` (`&index`). */
  legacyLine(index: number): LegacyStatement | undefined {
    return this.legacyLines.get(index);
  }

  nodeOfLine(index: number): NodeId | undefined {
    const statement = this.legacyLines.get(index);
    return statement ? this.nodesBySpan.get(spanKey(statement.span)) : undefined;
  }

  /** The statement's text on one line, spaces collapsed, for details and hovers. */
  snippet(span: Span, max = 80): string {
    const text = this.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }
}

/** The item whose span holds `offset` (end inclusive), in a list sorted by span start. */
function findAt<T>(items: readonly T[], offset: number, spanOf: (item: T) => Span): T | undefined {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spanOf(items[mid]!).start <= offset) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && i >= lo - 2; i--) {
    const span = spanOf(items[i]!);
    if (span.start <= offset && offset <= span.end) return items[i];
  }
  return undefined;
}
