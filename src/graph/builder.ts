import type { Dialect } from '../ast/nodes.js';
import { createDiagnostic, type Diagnostic, type DiagnosticKind, type DiagnosticOptions, type MessageArgs } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../text/line-index.js';
import type { Span } from '../text/span.js';
import type { Binding, GraphNode, NameUse, NodeId, RecipeGraph } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A node as the builders make it, before it gets its id. */
export type NewNode = GraphNode extends infer N ? (N extends GraphNode ? Omit<N, 'id'> : never) : never;

/** The mutable state the dialect builders share while they walk a document. */
export class GraphBuilder {
  readonly nodes: Mutable<GraphNode>[] = [];
  readonly bindings: Binding[] = [];
  readonly uses: NameUse[] = [];
  readonly diagnostics: Diagnostic[] = [];
  output: NodeId | undefined;
  outputSpan: Span | undefined;
  private lines: LineIndex | undefined;

  constructor(
    readonly dialect: Dialect,
    private readonly text: string | undefined,
  ) {}

  add(node: NewNode): NodeId {
    const id = this.nodes.length;
    this.nodes.push(withId(node, id));
    return id;
  }

  /** Names a node after the binding that holds it (the node was made by that binding's expression). */
  name(id: NodeId, name: string, nameSpan: Span, statementSpan: Span): void {
    // Every node was made with these fields (see `withId`), so this changes values, not the object's shape.
    const node = this.nodes[id]!;
    node.name = name;
    node.nameSpan = nameSpan;
    node.statementSpan = statementSpan;
  }

  errorNode(span: Span): NodeId {
    return this.add({ kind: 'error', span });
  }

  report(kind: DiagnosticKind, span: Span, args: MessageArgs = {}, options: DiagnosticOptions = {}): void {
    this.diagnostics.push(createDiagnostic(kind, span, args, options));
  }

  /** The 1-based line of an offset, when the builder was given the text (indexed on the first question). */
  lineOf(offset: number): number | undefined {
    if (this.text === undefined) return undefined;
    this.lines ??= new LineIndex(this.text);
    return this.lines.positionAt(offset).line + 1;
  }

  finish(): RecipeGraph {
    return {
      dialect: this.dialect,
      nodes: this.nodes,
      output: this.output,
      outputSpan: this.outputSpan,
      bindings: this.bindings,
      uses: this.uses,
    };
  }
}

/**
 * The node with its id, every field of its kind present (unset ones undefined) and always in the same order, so
 * that the nodes of one kind share one object shape: the checker's passes over them stay monomorphic, and naming a
 * node later assigns fields rather than adding them.
 */
function withId(node: NewNode, id: NodeId): Mutable<GraphNode> {
  switch (node.kind) {
    case 'model':
      return {
        kind: 'model',
        id,
        span: node.span,
        name: node.name,
        nameSpan: node.nameSpan,
        statementSpan: node.statementSpan,
        index: node.index,
        path: node.path,
        pathSpan: node.pathSpan,
        arch: node.arch,
        space: node.space,
        config: node.config,
        inline: node.inline,
      };
    case 'param':
      return {
        kind: 'param',
        id,
        span: node.span,
        name: node.name,
        nameSpan: node.nameSpan,
        statementSpan: node.statementSpan,
        index: node.index,
        arch: node.arch,
        space: node.space,
      };
    case 'merge':
      return {
        kind: 'merge',
        id,
        span: node.span,
        name: node.name,
        nameSpan: node.nameSpan,
        statementSpan: node.statementSpan,
        index: node.index,
        method: node.method,
        methodSpan: node.methodSpan,
        inputs: node.inputs,
        inputSpans: node.inputSpans,
        hypers: node.hypers,
      };
    case 'hyper':
      return {
        kind: 'hyper',
        id,
        span: node.span,
        name: node.name,
        nameSpan: node.nameSpan,
        statementSpan: node.statementSpan,
        index: node.index,
        value: node.value,
      };
    case 'literal':
      return {
        kind: 'literal',
        id,
        span: node.span,
        name: node.name,
        nameSpan: node.nameSpan,
        statementSpan: node.statementSpan,
        index: node.index,
        value: node.value,
        config: node.config,
        space: node.space,
      };
    case 'error':
      return {
        kind: 'error',
        id,
        span: node.span,
        name: node.name,
        nameSpan: node.nameSpan,
        statementSpan: node.statementSpan,
        index: node.index,
      };
  }
}
