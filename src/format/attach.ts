import type { Comment, Expression, Node, Statement } from '../ast/nodes.js';

/** Comments to print around one argument or operand of a statement. */
export interface Attached {
  readonly leading: Comment[];
  readonly trailing: Comment[];
}

export type Attachments = ReadonlyMap<Node, Attached>;

/** Where a comment inside a statement can go: an argument, a `|` operand, the statement's value. */
function slotsOf(statement: Statement): Node[] {
  const slots: Node[] = [];
  const visit = (expression: Expression): void => {
    switch (expression.kind) {
      case 'CallExpression':
        for (const argument of expression.args) {
          slots.push(argument);
          visit(argument.value);
        }
        break;
      case 'PipeExpression':
        for (const side of [expression.left, expression.right]) {
          if (side.kind !== 'PipeExpression') slots.push(side);
          visit(side);
        }
        break;
      case 'ParenExpression':
        visit(expression.expression);
        break;
      default:
        break;
    }
  };
  if (statement.kind === 'LetDecl' || statement.kind === 'OutputDecl') {
    slots.push(statement.value);
    visit(statement.value);
  }
  return slots;
}

/**
 * Attaches each comment found inside a statement to the argument or operand it annotates: a comment after code
 * on its line trails the outermost slot ending there; a comment on a line of its own leads the slot after it.
 * Comments with no slot to go to are returned to be printed on their own line before the statement.
 */
export function attachComments(
  statement: Statement,
  comments: readonly Comment[],
  text: string,
): { attachments: Attachments; unplaced: Comment[] } {
  const attachments = new Map<Node, Attached>();
  const unplaced: Comment[] = [];
  const slots = slotsOf(statement);
  const at = (node: Node): Attached => {
    let entry = attachments.get(node);
    if (!entry) attachments.set(node, (entry = { leading: [], trailing: [] }));
    return entry;
  };

  for (const comment of comments) {
    const lineStart = text.lastIndexOf('\n', comment.span.start - 1) + 1;
    const ownLine = text.slice(lineStart, comment.span.start).trim() === '';
    const before = slots
      .filter((s) => s.span.end <= comment.span.start)
      .filter((s) => ownLine || !text.slice(s.span.end, comment.span.start).includes('\n'))
      .sort((a, b) => b.span.end - a.span.end || a.span.start - b.span.start)[0];
    const after = slots
      .filter((s) => s.span.start >= comment.span.end)
      .sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end)[0];
    const first = ownLine ? after : before;
    const second = ownLine ? before : after;
    if (first) (ownLine ? at(first).leading : at(first).trailing).push(comment);
    else if (second) (ownLine ? at(second).trailing : at(second).leading).push(comment);
    else unplaced.push(comment);
  }
  return { attachments, unplaced };
}
