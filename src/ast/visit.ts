import type { Node, NodeKind } from './nodes.js';

/** For each node kind, the properties that hold child nodes, in source order. One table drives every traversal. */
export const VISITOR_KEYS: { readonly [K in NodeKind]: readonly string[] } = {
  Document: ['version', 'statements'],
  Comment: [],
  VersionDecl: [],
  ModelDecl: ['name', 'path', 'type'],
  ParamDecl: ['name', 'type'],
  LetDecl: ['name', 'value'],
  OutputDecl: ['value'],
  LegacyStatement: ['args'],
  ErrorStatement: [],
  TypeAnnotation: ['arch', 'space'],
  Identifier: [],
  NumberLiteral: [],
  StringLiteral: [],
  BooleanLiteral: [],
  NullLiteral: [],
  Reference: [],
  MemberExpression: ['object', 'property'],
  CallExpression: ['callee', 'args'],
  PipeExpression: ['left', 'right'],
  ParenExpression: ['expression'],
  ErrorExpression: [],
  PositionalArgument: ['value'],
  KeywordArgument: ['name', 'value'],
  KeywordName: [],
};

/** The direct children of a node, in source order. */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of VISITOR_KEYS[node.kind]) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    // A loop, not a spread: a document's statements are as many as its lines.
    if (Array.isArray(value)) for (const child of value as Node[]) out.push(child);
    else out.push(value as Node);
  }
  return out;
}

export type Visitor = {
  readonly [K in NodeKind]?: (node: Extract<Node, { kind: K }>, parent: Node | undefined) => void | false;
};

/** Walks the tree depth-first, calling the visitor's function for each node's kind; returning `false` skips children. */
export function walk(root: Node, visitor: Visitor, parent?: Node): void {
  const fn = visitor[root.kind] as ((n: Node, p: Node | undefined) => void | false) | undefined;
  if (fn && fn(root, parent) === false) return;
  for (const child of childrenOf(root)) walk(child, visitor, root);
}

/** The innermost nodes containing an offset, outermost first (for the editor: what is under the cursor). */
export function nodePath(root: Node, offset: number): Node[] {
  const path: Node[] = [];
  let current: Node | undefined = root;
  while (current) {
    path.push(current);
    let next: Node | undefined;
    for (const child of childrenOf(current)) {
      if (child.span.start <= offset && offset <= child.span.end) {
        next = child;
        break;
      }
    }
    current = next;
  }
  return path;
}
