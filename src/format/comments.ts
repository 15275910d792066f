import type { Comment, Document, Statement, VersionDecl } from '../ast/nodes.js';

/** A line-level piece of a file, in source order: the header, a statement, or a comment on its own line. */
export type Item =
  | { readonly kind: 'header'; readonly node: VersionDecl; readonly blankBefore: boolean; trailing?: Comment }
  | {
      readonly kind: 'statement';
      readonly node: Statement;
      readonly blankBefore: boolean;
      trailing?: Comment;
      /** Comments between the statement's first and last token. */
      readonly inner: Comment[];
    }
  | { readonly kind: 'comment'; readonly node: Comment; readonly blankBefore: boolean };

/**
 * Splits a document into items and places every comment: a comment after the last token of a line is that line's
 * trailing comment, one inside a statement belongs to the statement, any other stands on its own line.
 * `blankBefore` records whether a blank line separated an item from the one before it.
 */
export function itemsOf(document: Document, text: string): Item[] {
  type Anchor = { start: number; end: number; comment?: Comment; make: (blankBefore: boolean) => Item };
  const anchors: Anchor[] = [];
  if (document.version) {
    const node = document.version;
    anchors.push({ ...node.span, make: (blankBefore) => ({ kind: 'header', node, blankBefore }) });
  }
  for (const node of document.statements) {
    anchors.push({ ...node.span, make: (blankBefore) => ({ kind: 'statement', node, blankBefore, inner: [] }) });
  }
  for (const node of document.comments) {
    anchors.push({ ...node.span, comment: node, make: (blankBefore) => ({ kind: 'comment', node, blankBefore }) });
  }
  anchors.sort((a, b) => a.start - b.start || a.end - b.end);

  const items: Item[] = [];
  let previousEnd = -1;
  let enclosing: (Item & { kind: 'statement' }) | undefined;
  for (const anchor of anchors) {
    const comment = anchor.comment;
    const last = items[items.length - 1];
    if (comment && enclosing && comment.span.start < enclosing.node.span.end) {
      enclosing.inner.push(comment);
      continue;
    }
    if (comment && last && last.kind !== 'comment' && last.trailing === undefined && previousEnd >= 0) {
      if (!text.slice(previousEnd, comment.span.start).includes('\n')) {
        last.trailing = comment;
        previousEnd = comment.span.end;
        continue;
      }
    }
    const gap = previousEnd < 0 ? '' : text.slice(previousEnd, anchor.start);
    const item = anchor.make(newlines(gap) >= 2);
    items.push(item);
    if (item.kind === 'statement') enclosing = item;
    previousEnd = Math.max(previousEnd, anchor.end);
  }
  return items;
}

function newlines(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}
