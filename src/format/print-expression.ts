import { builders } from 'prettier/doc';

type Doc = builders.Doc;
import type { Argument, CallExpression, Comment, Expression, Node } from '../ast/nodes.js';
import { pipeOperands } from '../graph/build-v1.js';
import type { Attachments } from './attach.js';

const { align, breakParent, fill, group, hardline, join, line, lineSuffix, softline } = builders;

/** `#` and the comment's text as written, without trailing spaces. */
export function commentText(comment: Comment): string {
  return ('#' + comment.text).trimEnd();
}

/** A call whose arguments would start with less than this share of the width left breaks after its `(`. */
const MIN_ARGUMENT_ROOM = 0.4;
/** How far such arguments are indented from the call. */
const CALL_INDENT = 4;

/**
 * Prints v1 expressions as Prettier documents. Every document assumes the current indentation is the column
 * where it starts, so a broken call aligns its arguments one past its `(`; callers place values with `aligned`.
 * Columns are tracked as well (where an expression starts once its line is broken) so that a call far to the
 * right can indent its arguments instead.
 */
export class ExpressionPrinter {
  constructor(
    private readonly attachments: Attachments,
    private readonly printWidth = 100,
  ) {}

  /**
   * A value that starts `prefix` columns right of the current indentation (after `let x = ` or `alpha=`),
   * the indentation being at column `base`.
   */
  aligned(prefix: number, expression: Expression, base = 0): Doc {
    const doc = this.withComments(expression, this.print(expression, base + prefix));
    // A broken pipe puts `| ` two columns left of its operands, so the operands line up with the first one.
    if (isPipe(expression) && prefix >= 2) return align(prefix - 2, doc);
    return align(prefix, doc);
  }

  print(expression: Expression, column = 0): Doc {
    switch (expression.kind) {
      case 'Identifier':
        return expression.name;
      case 'NumberLiteral':
      case 'StringLiteral':
        return expression.raw;
      case 'BooleanLiteral':
        return expression.value ? 'true' : 'false';
      case 'NullLiteral':
        return 'null';
      case 'Reference':
        return `&${expression.index}`;
      case 'MemberExpression':
        return `${expression.object.name}.${expression.property.name}`;
      case 'ParenExpression':
        return ['(', this.aligned(1, expression.expression, column), ')'];
      case 'CallExpression':
        return this.call(expression, column);
      case 'PipeExpression':
        return this.pipe(expression, column);
      case 'ErrorExpression':
        return '';
    }
  }

  /**
   * `f(a, b, k=v)` on one line when it fits; otherwise the model arguments fill the first lines and each keyword
   * argument takes a line of its own, all aligned one past the `(`. Comments among the arguments put every
   * argument on its own line.
   */
  private call(call: CallExpression, column: number): Doc {
    const callee = call.callee.name;
    if (call.args.length === 0) return `${callee}()`;
    // A comment on its own line before the first argument needs that argument on a line of its own.
    const leadingComment = (this.attachments.get(call.args[0]!)?.leading.length ?? 0) > 0;
    const crowded =
      callee.length + 1 > CALL_INDENT && this.printWidth - (column + callee.length + 1) < this.printWidth * MIN_ARGUMENT_ROOM;
    const indented = leadingComment || crowded;
    const offset = indented ? CALL_INDENT : callee.length + 1;
    const docs = call.args.map((argument) => this.withComments(argument, this.argument(argument, column + offset)));
    const commented = call.args.some((argument) => this.hasComments(argument));
    // Arguments written in another order than models-then-keywords keep that order.
    const ordered = call.args.every(
      (argument, i) => i === 0 || argument.kind === 'KeywordArgument' || call.args[i - 1]!.kind === 'PositionalArgument',
    );
    let body: Doc;
    if (commented || !ordered) {
      body = [join([',', line], docs), ')'];
    } else {
      const positional = docs.filter((_, i) => call.args[i]!.kind === 'PositionalArgument');
      const keywords = docs.filter((_, i) => call.args[i]!.kind === 'KeywordArgument');
      const parts: Doc[] = [];
      if (positional.length > 0) {
        // Each filled argument carries the `,` or `)` after it, so the fill counts it when measuring the line.
        const last = keywords.length > 0 ? ',' : ')';
        parts.push(fill(joinParts(positional.map((doc, i) => [doc, i === positional.length - 1 ? last : ',']))));
      }
      if (keywords.length > 0) parts.push(positional.length > 0 ? line : '', join([',', line], keywords), ')');
      body = parts;
    }
    return group([callee, '(', align(offset, indented ? [softline, body] : body)]);
  }

  private argument(argument: Argument, column: number): Doc {
    if (argument.kind === 'PositionalArgument') return this.aligned(0, argument.value, column);
    const name = argument.name.name;
    return [name, '=', this.aligned(name.length + 1, argument.value, column)];
  }

  /** `a | b | c`, broken before every `|` when it does not fit; an operand's own-line comments go above its `|`. */
  private pipe(expression: Expression, column: number): Doc {
    const [first, ...rest] = pipeOperands(expression);
    const parts: Doc[] = [align(2, this.withComments(first!, this.print(first!, column)))];
    for (const operand of rest) {
      const leading = this.attachments.get(operand)?.leading ?? [];
      parts.push(line);
      for (const comment of leading) parts.push(commentText(comment), hardline);
      parts.push('| ', align(2, this.withComments(operand, this.print(operand, column), false)));
    }
    return group(parts);
  }

  private hasComments(node: Node): boolean {
    const attached = this.attachments.get(node);
    return attached !== undefined && attached.leading.length + attached.trailing.length > 0;
  }

  private withComments(node: Node, doc: Doc, leading = true): Doc {
    const attached = this.attachments.get(node);
    if (!attached) return doc;
    const parts: Doc[] = [];
    if (leading) for (const comment of attached.leading) parts.push(commentText(comment), hardline);
    parts.push(doc);
    for (const comment of attached.trailing) parts.push(lineSuffix(['  ', commentText(comment)]), breakParent);
    return parts;
  }
}

export function isPipe(expression: Expression): boolean {
  return expression.kind === 'PipeExpression';
}

/** The parts of a `fill`: contents separated by lines. */
function joinParts(docs: Doc[]): Doc[] {
  const parts: Doc[] = [];
  docs.forEach((doc, i) => {
    if (i > 0) parts.push(line);
    parts.push(doc);
  });
  return parts;
}
