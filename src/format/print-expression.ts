import { builders } from 'prettier/doc';

type Doc = builders.Doc;
import type { Argument, CallExpression, Comment, Expression, Node } from '../ast/nodes.js';
import { pipeOperands } from '../graph/build-v1.js';
import type { Attachments } from './attach.js';

const { align, breakParent, fill, group, hardline, join, line, lineSuffix } = builders;

/** `#` and the comment's text as written, without trailing spaces. */
export function commentText(comment: Comment): string {
  return ('#' + comment.text).trimEnd();
}

/**
 * Prints v1 expressions as Prettier documents. Every document assumes the current indentation is the column
 * where it starts, so a broken call aligns its arguments one past its `(`; callers place values with `aligned`.
 */
export class ExpressionPrinter {
  constructor(private readonly attachments: Attachments) {}

  /** A value that starts `prefix` columns right of the current indentation (after `let x = ` or `alpha=`). */
  aligned(prefix: number, expression: Expression): Doc {
    const doc = this.withComments(expression, this.print(expression));
    // A broken pipe puts `| ` two columns left of its operands, so the operands line up with the first one.
    if (isPipe(expression) && prefix >= 2) return align(prefix - 2, doc);
    return align(prefix, doc);
  }

  print(expression: Expression): Doc {
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
        return ['(', this.aligned(1, expression.expression), ')'];
      case 'CallExpression':
        return this.call(expression);
      case 'PipeExpression':
        return this.pipe(expression);
      case 'ErrorExpression':
        return '';
    }
  }

  /**
   * `f(a, b, k=v)` on one line when it fits; otherwise the model arguments fill the first lines and each keyword
   * argument takes a line of its own, all aligned one past the `(`. Comments among the arguments put every
   * argument on its own line.
   */
  private call(call: CallExpression): Doc {
    const callee = call.callee.name;
    if (call.args.length === 0) return `${callee}()`;
    const docs = call.args.map((argument) => this.withComments(argument, this.argument(argument)));
    const commented = call.args.some((argument) => this.hasComments(argument));
    let body: Doc;
    if (commented) {
      body = join([',', line], docs);
    } else {
      const positional = docs.filter((_, i) => call.args[i]!.kind === 'PositionalArgument');
      const keywords = docs.filter((_, i) => call.args[i]!.kind === 'KeywordArgument');
      const filled = positional.length > 0 ? fill(joinParts(positional)) : '';
      if (keywords.length === 0) body = filled;
      else if (positional.length === 0) body = join([',', line], keywords);
      else body = [filled, ',', line, join([',', line], keywords)];
      // Arguments written in another order than models-then-keywords keep that order.
      const ordered = call.args.every(
        (argument, i) => i === 0 || argument.kind === 'KeywordArgument' || call.args[i - 1]!.kind === 'PositionalArgument',
      );
      if (!ordered) body = join([',', line], docs);
    }
    return group([callee, '(', align(callee.length + 1, body), ')']);
  }

  private argument(argument: Argument): Doc {
    if (argument.kind === 'PositionalArgument') return this.aligned(0, argument.value);
    const name = argument.name.name;
    return [name, '=', this.aligned(name.length + 1, argument.value)];
  }

  /** `a | b | c`, broken before every `|` when it does not fit; an operand's own-line comments go above its `|`. */
  private pipe(expression: Expression): Doc {
    const [first, ...rest] = pipeOperands(expression);
    const parts: Doc[] = [align(2, this.withComments(first!, this.print(first!)))];
    for (const operand of rest) {
      const leading = this.attachments.get(operand)?.leading ?? [];
      parts.push(line, ...leading.flatMap((comment) => [commentText(comment), hardline]));
      parts.push('| ', align(2, this.withComments(operand, this.print(operand), false)));
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

/** The parts of a `fill`: contents separated by `,` and a line. */
function joinParts(docs: Doc[]): Doc[] {
  const parts: Doc[] = [];
  docs.forEach((doc, i) => {
    if (i > 0) parts.push([',', line]);
    parts.push(doc);
  });
  return parts;
}
