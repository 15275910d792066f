import type { CstNode, IToken } from 'chevrotain';
import type { Argument, Expression, LegacyCommand, LegacyStatement } from '../ast/nodes.js';
import { SYNTAX } from '../diagnostics/codes/syntax.js';
import * as T from '../lexer/tokens.js';
import type { Span } from '../text/span.js';
import type { ParseContext } from './context.js';
import { child, isCstNode, orderedChildren, token, tokenEnd, tokenSpan } from './cst.js';
import { cover, errorExpression, identifier } from './build-expression.js';
import { describeFound } from './describe.js';
import { dialectName } from './dialect.js';
import { buildString } from './strings.js';
import { reportMissingValue } from './syntax-errors.js';

const COMMANDS: ReadonlyMap<string, LegacyCommand> = new Map<string, LegacyCommand>([
  ['Model', 'model'],
  ['Merge', 'merge'],
  ['Parameter', 'parameter'],
  ['Dict', 'dict'],
  ['Literal', 'literal'],
]);

/** Builds one sd-mecha line: its command word, then values and `key=value` pairs in source order. */
export function buildLegacyStatement(
  cst: CstNode,
  span: Span,
  index: number,
  ctx: ParseContext,
): LegacyStatement | undefined {
  let command: LegacyCommand | undefined;
  let commandToken: IToken | undefined;
  for (const [key, value] of COMMANDS) {
    const tok = token(cst, key);
    if (tok) {
      command = value;
      commandToken = tok;
      break;
    }
  }
  if (!command || !commandToken) return undefined;
  const commandSpan = tokenSpan(commandToken);

  if (command === 'literal' && ctx.dialect === 'legacy') {
    ctx.report(
      SYNTAX.CommandNotInDialect,
      commandSpan,
      { command, dialect: dialectName('legacy') },
      {
        help: "'literal' arrived with sd-mecha 0.1.0: start the file with 'version 0.1.0'",
      },
    );
  } else if (command === 'parameter' && ctx.dialect === 'legacy-0.1.0') {
    ctx.report(SYNTAX.CommandNotInDialect, commandSpan, { command, dialect: dialectName('legacy-0.1.0') });
  }

  const args: Argument[] = [];
  for (const item of orderedChildren(cst, ['legacyArgument', 'strayInLegacy'])) {
    if (!isCstNode(item.element)) continue;
    if (item.key === 'strayInLegacy') {
      const stray = Object.values(item.element.children)[0]?.[0] as IToken | undefined;
      if (stray) {
        ctx.report(SYNTAX.UnexpectedToken, tokenSpan(stray), {
          found: describeFound(stray, false),
          where: `in a '${command}' statement`,
        });
      }
      continue;
    }
    args.push(argument(item.element, item.start, ctx));
  }
  return { kind: 'LegacyStatement', span, command, commandSpan, index, args };
}

function argument(node: CstNode, start: number, ctx: ParseContext): Argument {
  const key = token(node, 'KeyName');
  if (!key) {
    const value = legacyValue(child(node, 'legacyValue'), { start, end: start }, ctx);
    return { kind: 'PositionalArgument', span: value.span, value };
  }
  const name = { kind: 'KeywordName' as const, span: tokenSpan(key), name: key.image };
  const equals = token(node, 'Equals');
  const after = equals ? tokenEnd(equals) : name.span.end;
  const valueNode = child(node, 'legacyValue');
  if (!valueNode && equals) reportMissingValue(equals, key, ctx);
  const value = legacyValue(valueNode, { start: after, end: after }, ctx);
  return {
    kind: 'KeywordArgument',
    span: cover(name.span, equals ? tokenSpan(equals) : undefined, value.span),
    name,
    value,
  };
}

/** A legacy value: a reference, number, string or constant; a bare name is reported but kept. */
function legacyValue(node: CstNode | undefined, missing: Span, ctx: ParseContext): Expression {
  const ref = token(node, 'Reference');
  if (ref) {
    const span = tokenSpan(ref);
    return /^&\d+$/.test(ref.image)
      ? { kind: 'Reference', span, index: Number(ref.image.slice(1)) }
      : errorExpression(span);
  }
  const number = token(node, 'NumberLike');
  if (number) {
    const span = tokenSpan(number);
    return number.tokenType === T.NumberLiteral
      ? { kind: 'NumberLiteral', span, value: Number(number.image), raw: number.image }
      : errorExpression(span);
  }
  const string = token(node, 'StringLike');
  if (string) return buildString(string, ctx);
  const t = token(node, 'True') ?? token(node, 'False');
  if (t) return { kind: 'BooleanLiteral', span: tokenSpan(t), value: t.tokenType === T.True };
  const n = token(node, 'Null');
  if (n) return { kind: 'NullLiteral', span: tokenSpan(n) };
  const name = token(node, 'Name');
  // Python's spelling: sd-mecha wrote booleans with str() (0.0.x dicts, 0.1.0 before it special-cased them).
  if (name && (name.image === 'True' || name.image === 'False')) {
    return { kind: 'BooleanLiteral', span: tokenSpan(name), value: name.image === 'True' };
  }
  if (name) {
    const span = tokenSpan(name);
    ctx.report(
      SYNTAX.NameInLegacy,
      span,
      { name: name.image },
      {
        fixes: [{ title: `Quote it: "${name.image}"`, edits: [{ span, newText: `"${name.image}"` }] }],
      },
    );
    return identifier(name);
  }
  return errorExpression(missing);
}
