import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Span } from '../text/span.js';

/**
 * Reading Chevrotain's CST. Error recovery leaves holes: a child may be absent, a node may be empty
 * (`recoveredNode`), and a token may be virtual (`isInsertedInRecovery`, NaN offsets). These helpers only ever
 * return real tokens, so the builders can treat "virtual" and "absent" alike.
 */

export function isRealToken(token: IToken | undefined): token is IToken {
  return token !== undefined && token.isInsertedInRecovery !== true && Number.isFinite(token.startOffset);
}

export function tokenSpan(token: IToken): Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

/** The `index`th real token stored under `key` (a token type or category name). */
export function token(node: CstNode | undefined, key: string, index = 0): IToken | undefined {
  const list = node?.children[key] as IToken[] | undefined;
  const found = list?.[index];
  return isRealToken(found) ? found : undefined;
}

export function tokens(node: CstNode | undefined, key: string): IToken[] {
  const list = node?.children[key] as IToken[] | undefined;
  return list ? list.filter(isRealToken) : [];
}

export function child(node: CstNode | undefined, key: string, index = 0): CstNode | undefined {
  const list = node?.children[key] as CstNode[] | undefined;
  return list?.[index];
}

export function children(node: CstNode | undefined, key: string): CstNode[] {
  return (node?.children[key] as CstNode[] | undefined) ?? [];
}

/** The first real token of any child, whatever its key. */
export function anyToken(node: CstNode | undefined): IToken | undefined {
  if (!node) return undefined;
  for (const list of Object.values(node.children)) {
    const first = list[0];
    if (first && !isCstNode(first) && isRealToken(first)) return first;
  }
  return undefined;
}

export function isCstNode(element: CstElement): element is CstNode {
  return (element as CstNode).children !== undefined;
}

/** Real tokens and nodes directly under `node`, in source order (Chevrotain groups children by key). */
export function orderedChildren(
  node: CstNode,
  keys: readonly string[],
): { key: string; element: CstElement; start: number }[] {
  const out: { key: string; element: CstElement; start: number }[] = [];
  for (const key of keys) {
    for (const element of node.children[key] ?? []) {
      const start = isCstNode(element) ? firstOffset(element) : isRealToken(element) ? element.startOffset : NaN;
      if (Number.isFinite(start)) out.push({ key, element, start });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The offset of the first real token under a node (Chevrotain tracks it), or NaN when it holds none. */
export function firstOffset(node: CstNode): number {
  const offset = node.location?.startOffset;
  return offset !== undefined && Number.isFinite(offset) ? offset : NaN;
}
