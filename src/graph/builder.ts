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
  private readonly lines: LineIndex | undefined;

  constructor(
    readonly dialect: Dialect,
    text: string | undefined,
  ) {
    this.lines = text === undefined ? undefined : new LineIndex(text);
  }

  add(node: NewNode): NodeId {
    const id = this.nodes.length;
    this.nodes.push({ ...node, id } as Mutable<GraphNode>);
    return id;
  }

  /** Names a node after the binding that holds it (the node was made by that binding's expression). */
  name(id: NodeId, name: string, nameSpan: Span, statementSpan: Span): void {
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

  /** The 1-based line of an offset, when the builder was given the text. */
  lineOf(offset: number): number | undefined {
    return this.lines ? this.lines.positionAt(offset).line + 1 : undefined;
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
