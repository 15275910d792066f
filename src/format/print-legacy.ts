import type { Argument, Document, Expression } from '../ast/nodes.js';
import { itemsOf } from './comments.js';
import { commentText } from './print-expression.js';

/**
 * Prints an sd-mecha recipe in its own dialect with normalised spacing only: one space between the words of a
 * line, comments kept, a final newline. Blank lines are dropped because sd-mecha's readers treat an empty line as
 * a statement and fail on it.
 */
export function printLegacy(document: Document, text: string): string {
  const lines: string[] = [];
  for (const item of itemsOf(document, text)) {
    let line: string;
    if (item.kind === 'comment') line = commentText(item.node);
    else if (item.kind === 'header') line = `version ${item.node.value}`;
    else if (item.node.kind === 'LegacyStatement') {
      const statement = item.node;
      line = [statement.command, ...statement.args.map((a) => argumentText(a, text))].join(' ');
      // Comments inside a one-line statement cannot exist; any the parser placed there stay on the line.
      for (const comment of item.inner) line += ' ' + commentText(comment);
    } else {
      line = text.slice(item.node.span.start, item.node.span.end).replace(/\s+/g, ' ').trim();
    }
    if (item.kind !== 'comment' && item.trailing) line += ' ' + commentText(item.trailing);
    lines.push(line);
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function argumentText(argument: Argument, text: string): string {
  if (argument.kind === 'PositionalArgument') return valueText(argument.value, text);
  return `${argument.name.name}=${valueText(argument.value, text)}`;
}

function valueText(value: Expression, text: string): string {
  switch (value.kind) {
    case 'StringLiteral':
    case 'NumberLiteral':
      return value.raw;
    case 'Reference':
      return `&${value.index}`;
    case 'BooleanLiteral':
      return value.value ? 'true' : 'false';
    case 'NullLiteral':
      return 'null';
    case 'Identifier':
      return value.name;
    default:
      return text.slice(value.span.start, value.span.end).trim();
  }
}
