import { childrenOf } from '../../src/ast/visit.js';
import type { Node } from '../../src/ast/nodes.js';

/** Every way a tree's spans can be wrong: outside the text, reversed, or outside the parent's span. */
export function spanProblems(root: Node, textLength: number): string[] {
  const problems: string[] = [];
  const visit = (node: Node, parent: Node | undefined): void => {
    const { start, end } = node.span;
    if (!(Number.isInteger(start) && Number.isInteger(end)))
      problems.push(`${node.kind}: non-integer span ${start}..${end}`);
    if (start < 0 || end > textLength || start > end)
      problems.push(`${node.kind}: span ${start}..${end} outside 0..${textLength}`);
    if (parent && (start < parent.span.start || end > parent.span.end)) {
      problems.push(
        `${node.kind} ${start}..${end} outside its parent ${parent.kind} ${parent.span.start}..${parent.span.end}`,
      );
    }
    for (const child of childrenOf(node)) visit(child, node);
  };
  visit(root, undefined);
  if (root.kind === 'Document') {
    for (const comment of root.comments) visit(comment, root);
  }
  return problems;
}
