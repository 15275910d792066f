import type { CstNode, IToken } from 'chevrotain';
import type {
  Argument,
  CallExpression,
  ErrorExpression,
  Expression,
  Identifier,
  KeywordArgument,
  KeywordName,
  ParenExpression,
} from '../ast/nodes.js';
import { SYNTAX } from '../diagnostics/codes/syntax.js';
import * as T from '../lexer/tokens.js';
import type { Span } from '../text/span.js';
import type { ParseContext } from './context.js';
import { child, children, firstOffset, isCstNode, orderedChildren, token, tokenEnd, tokens, tokenSpan } from './cst.js';
import { describeFound } from './describe.js';
import { buildString } from './strings.js';
import { reportMissingValue } from './syntax-errors.js';

/** The smallest span covering every given span; the first is required so the result always exists. */
export function cover(first: Span, ...rest: (Span | undefined)[]): Span {
  let start = first.start;
  let end = first.end;
  for (const s of rest) {
    if (!s) continue;
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
  }
  return { start, end };
}

type Item = ReturnType<typeof orderedChildren>[number];

/**
 * An argument list's arguments, commas and stray tokens in source order. Usually they alternate (argument, comma,
 * argument...), which is checked cheaply; otherwise they are sorted by offset.
 */
function argumentItems(node: CstNode): Item[] {
  const args = children(node, 'argument');
  const commas = (node.children['Comma'] ?? []) as IToken[];
  const alternating =
    node.children['strayInArguments'] === undefined &&
    (commas.length === args.length || commas.length + 1 === args.length) &&
    args.every((arg, i) => {
      const start = firstOffset(arg);
      return start < (commas[i]?.startOffset ?? Infinity) && start > (commas[i - 1]?.startOffset ?? -Infinity);
    });
  if (!alternating) return orderedChildren(node, ['argument', 'Comma', 'strayInArguments']);
  const items: Item[] = [];
  args.forEach((arg, i) => {
    items.push({ key: 'argument', element: arg, start: firstOffset(arg) });
    const comma = commas[i];
    if (comma) items.push({ key: 'Comma', element: comma, start: comma.startOffset });
  });
  return items;
}

export function errorExpression(span: Span): ErrorExpression {
  return { kind: 'ErrorExpression', span };
}

export function identifier(tok: IToken): Identifier {
  return { kind: 'Identifier', span: tokenSpan(tok), name: tok.image };
}

const V1_KEYWORD_NAME = /^[A-Za-z_*][A-Za-z0-9_*]*$/;

/**
 * Builds v1 expressions. `missing` is where an absent expression is placed: recovery may leave a rule empty or
 * drop it, and the tree still needs a node there.
 */
export class ExpressionBuilder {
  constructor(
    private readonly ctx: ParseContext,
    /** End of the statement's last token: where a missing `)` belongs. */
    private readonly statementEnd: number,
  ) {}

  /**
   * An expression the grammar allowed to be absent, after the token `after` (`=`, `output`, `(`): a missing one is
   * reported here. `keyword` is the name of a keyword argument, for "expected a value after 'alpha='".
   */
  valueAfter(
    node: CstNode | undefined,
    after: IToken | undefined,
    keyword: IToken | undefined,
    missing: Span,
  ): Expression {
    if (node) return this.expression(node, missing);
    if (after) {
      reportMissingValue(after, keyword, this.ctx);
      return errorExpression({ start: tokenEnd(after), end: tokenEnd(after) });
    }
    return errorExpression(missing);
  }

  expression(node: CstNode | undefined, missing: Span): Expression {
    if (!node) return errorExpression(missing);
    const operands = children(node, 'primary');
    const pipes = tokens(node, 'Pipe');
    // The usual case, every pipe followed by its operand: fold without sorting children by offset.
    if (operands.length === pipes.length + 1) {
      let folded = this.primary(operands[0], missing);
      for (let i = 0; i < pipes.length; i++)
        folded = this.pipe(folded, pipes[i]!, this.primary(operands[i + 1], missing));
      return folded;
    }
    let result: Expression | undefined;
    let pipe: IToken | undefined;
    // Operands and pipes in source order; an operand may be missing after a pipe (`a | | b`, `a |`).
    for (const item of orderedChildren(node, ['primary', 'Pipe'])) {
      if (item.key === 'Pipe') {
        if (pipe && result) result = this.pipe(result, pipe, undefined);
        pipe = item.element as IToken;
        continue;
      }
      const operand = this.primary(item.element as CstNode, missing);
      result = result && pipe ? this.pipe(result, pipe, operand) : (result ?? operand);
      pipe = undefined;
    }
    if (pipe && result) result = this.pipe(result, pipe, undefined);
    return result ?? errorExpression(missing);
  }

  /** `left | right`, reporting a missing right operand. */
  private pipe(left: Expression, pipe: IToken, right: Expression | undefined): Expression {
    const operand = right ?? this.valueAfter(undefined, pipe, undefined, tokenSpan(pipe));
    return { kind: 'PipeExpression', span: cover(left.span, tokenSpan(pipe), operand.span), left, right: operand };
  }

  private primary(node: CstNode | undefined, missing: Span): Expression {
    if (!node) return errorExpression(missing);
    const number = token(node, 'NumberLike');
    if (number) {
      if (number.tokenType !== T.NumberLiteral) return errorExpression(tokenSpan(number));
      return { kind: 'NumberLiteral', span: tokenSpan(number), value: Number(number.image), raw: number.image };
    }
    const string = token(node, 'StringLike');
    if (string) return buildString(string, this.ctx);
    const t = token(node, 'True') ?? token(node, 'False');
    if (t) return { kind: 'BooleanLiteral', span: tokenSpan(t), value: t.tokenType === T.True };
    const n = token(node, 'Null');
    if (n) return { kind: 'NullLiteral', span: tokenSpan(n) };
    const ref = token(node, 'Reference');
    if (ref) return this.reference(ref);
    const name = child(node, 'nameExpression');
    if (name) return this.nameExpression(name, missing);
    const paren = child(node, 'parenExpression');
    if (paren) return this.parenExpression(paren, missing);
    return errorExpression(missing);
  }

  /** `&N` does not belong in v1, but keeping the node lets `fmt --to v1` and the checker see what was meant. */
  private reference(ref: IToken): Expression {
    const span = tokenSpan(ref);
    if (!/^&\d+$/.test(ref.image)) return errorExpression(span);
    this.ctx.report(SYNTAX.ReferenceInV1, span, { text: ref.image });
    return { kind: 'Reference', span, index: Number(ref.image.slice(1)) };
  }

  private nameExpression(node: CstNode, missing: Span): Expression {
    const nameToken = token(node, 'Name');
    if (!nameToken) return errorExpression(missing);
    const name = identifier(nameToken);
    const dot = token(node, 'Dot');
    if (dot) {
      const property = token(node, 'Name', 1);
      if (!property) return errorExpression(cover(name.span, tokenSpan(dot)));
      return {
        kind: 'MemberExpression',
        span: cover(name.span, tokenSpan(property)),
        object: name,
        property: identifier(property),
      };
    }
    const args = child(node, 'callArguments');
    if (args) return this.call(name, args);
    return name;
  }

  private call(callee: Identifier, node: CstNode): CallExpression {
    const lparen = token(node, 'LParen');
    const rparen = token(node, 'RParen');
    const args: Argument[] = [];
    let argsSpan: Span = lparen ? tokenSpan(lparen) : { start: callee.span.end, end: callee.span.end };
    // What the previous item was, to check commas: 'open' right after `(`.
    let previous: 'open' | 'comma' | 'argument' | 'stray' = 'open';
    let sawKeyword = false;
    let reportedOrder = false;
    for (const item of argumentItems(node)) {
      if (item.key === 'Comma') {
        const comma = tokenSpan(item.element as IToken);
        argsSpan = cover(argsSpan, comma);
        if (previous === 'open' || previous === 'comma') {
          this.ctx.report(
            SYNTAX.EmptyArgument,
            comma,
            {},
            {
              fixes: [{ title: "Remove the ','", edits: [{ span: comma, newText: '' }] }],
            },
          );
        }
        previous = 'comma';
        continue;
      }
      if (!isCstNode(item.element)) continue;
      if (item.key === 'strayInArguments') {
        const stray = Object.values(item.element.children)[0]?.[0] as IToken | undefined;
        if (stray) {
          argsSpan = cover(argsSpan, tokenSpan(stray));
          this.ctx.report(SYNTAX.UnexpectedToken, tokenSpan(stray), {
            found: describeFound(stray, false),
            where: `in the arguments of '${callee.name}'`,
          });
        }
        previous = 'stray';
        continue;
      }
      const argument = this.argument(item.element, { start: item.start, end: item.start });
      argsSpan = cover(argsSpan, argument.span);
      if (previous === 'argument') {
        const at = { start: argument.span.start, end: argument.span.start };
        this.ctx.report(
          SYNTAX.MissingComma,
          argument.span,
          {},
          {
            fixes: [{ title: "Insert ','", edits: [{ span: at, newText: ', ' }] }],
          },
        );
      }
      if (argument.kind === 'KeywordArgument') sawKeyword = true;
      else if (sawKeyword && !reportedOrder) {
        reportedOrder = true;
        this.ctx.report(
          SYNTAX.PositionalAfterKeyword,
          argument.span,
          {},
          {
            help: 'write the models first, then the hyperparameters as name=value',
          },
        );
      }
      args.push(argument);
      previous = 'argument';
    }
    if (rparen) argsSpan = cover(argsSpan, tokenSpan(rparen));
    else this.reportUnclosed(lparen);
    return { kind: 'CallExpression', span: cover(callee.span, argsSpan), callee, args, argsSpan };
  }

  private argument(node: CstNode, missing: Span): Argument {
    const key = token(node, 'KeyName');
    if (!key) {
      const value = this.expression(child(node, 'expression'), missing);
      return { kind: 'PositionalArgument', span: value.span, value };
    }
    const name: KeywordName = { kind: 'KeywordName', span: tokenSpan(key), name: key.image };
    if (!V1_KEYWORD_NAME.test(key.image)) {
      this.ctx.report(
        SYNTAX.InvalidKeywordName,
        name.span,
        { name: key.image },
        {
          help: "keyword names are ASCII letters, digits and '_', with '*' as a wildcard (out*=0.1)",
        },
      );
    }
    const equals = token(node, 'Equals');
    const afterEquals = equals ? tokenEnd(equals) : name.span.end;
    const value = this.valueAfter(child(node, 'expression'), equals, key, { start: afterEquals, end: afterEquals });
    const result: KeywordArgument = {
      kind: 'KeywordArgument',
      span: cover(name.span, equals ? tokenSpan(equals) : undefined, value.span),
      name,
      value,
    };
    return result;
  }

  private parenExpression(node: CstNode, missing: Span): ParenExpression | ErrorExpression {
    const lparen = token(node, 'LParen');
    if (!lparen) return errorExpression(missing);
    const rparen = token(node, 'RParen');
    const inner = this.valueAfter(child(node, 'expression'), lparen, undefined, {
      start: tokenEnd(lparen),
      end: tokenEnd(lparen),
    });
    // Without `)`, either the statement ended (reported here) or a token follows (reported as leftover input).
    if (!rparen && inner.span.end >= this.statementEnd) this.reportUnclosed(lparen);
    return {
      kind: 'ParenExpression',
      span: cover(tokenSpan(lparen), inner.span, rparen ? tokenSpan(rparen) : undefined),
      expression: inner,
    };
  }

  private reportUnclosed(lparen: IToken | undefined): void {
    if (!lparen) return;
    const at = { start: this.statementEnd, end: this.statementEnd };
    this.ctx.report(
      SYNTAX.UnclosedParenthesis,
      at,
      { position: this.ctx.position(lparen.startOffset) },
      {
        fixes: [{ title: "Insert ')'", edits: [{ span: at, newText: ')' }] }],
      },
    );
  }
}
