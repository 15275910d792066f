import type { CstNode, IToken } from 'chevrotain';
import type { Identifier, Statement, StringLiteral, TypeAnnotation } from '../ast/nodes.js';
import { SYNTAX } from '../diagnostics/codes/syntax.js';
import type { Span } from '../text/span.js';
import type { ParseContext } from './context.js';
import { child, token, tokenEnd, tokenSpan } from './cst.js';
import { cover, ExpressionBuilder, identifier } from './build-expression.js';
import { buildString } from './strings.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Builds one v1 statement from its CST. `span` covers all of the statement's tokens (leftover ones included), so
 * every child lies inside it. Missing names are empty identifiers with an empty span, missing paths empty strings:
 * the parser has already reported them, and the tree keeps the statement's shape.
 */
export function buildV1Statement(cst: CstNode, span: Span, ctx: ParseContext): Statement {
  const expressions = new ExpressionBuilder(ctx, span.end);
  const model = child(cst, 'modelDecl');
  if (model) {
    const keyword = token(model, 'Model');
    const name = bindingName(child(model, 'bindingName'), keyword, span, ctx);
    const equals = token(model, 'Equals');
    const pathToken = token(model, 'StringLike');
    const after = equals ? tokenEnd(equals) : name.span.end;
    const path: StringLiteral = pathToken
      ? buildString(pathToken, ctx)
      : { kind: 'StringLiteral', span: { start: after, end: after }, value: '', raw: '' };
    return { kind: 'ModelDecl', span, name, path, type: typeAnnotation(child(model, 'typeAnnotation')) };
  }
  const param = child(cst, 'paramDecl');
  if (param) {
    const name = bindingName(child(param, 'bindingName'), token(param, 'Param'), span, ctx);
    return { kind: 'ParamDecl', span, name, type: typeAnnotation(child(param, 'typeAnnotation')) };
  }
  const let_ = child(cst, 'letDecl');
  if (let_) {
    const name = bindingName(child(let_, 'bindingName'), token(let_, 'Let'), span, ctx);
    const equals = token(let_, 'Equals');
    const value = expressions.valueAfter(child(let_, 'expression'), equals, undefined, rest(equals ?? name, span));
    return { kind: 'LetDecl', span, name, value };
  }
  const output = child(cst, 'outputDecl');
  if (output) {
    const keyword = token(output, 'Output');
    const value = expressions.valueAfter(child(output, 'expression'), keyword, undefined, rest(keyword, span));
    return { kind: 'OutputDecl', span, value };
  }
  return { kind: 'ErrorStatement', span };
}

/** Where a dropped expression goes: from just after `after` to the end of the statement. */
function rest(after: IToken | Identifier | undefined, statement: Span): Span {
  const end = after === undefined ? statement.start : 'image' in after ? tokenEnd(after) : after.span.end;
  return end < statement.end ? { start: end, end: statement.end } : { start: end, end };
}

function bindingName(
  node: CstNode | undefined,
  keyword: IToken | undefined,
  statement: Span,
  ctx: ParseContext,
): Identifier {
  const tok = token(node, 'Name') ?? token(node, 'KeyName');
  if (!tok) {
    const at = keyword ? tokenEnd(keyword) : statement.start;
    return { kind: 'Identifier', span: { start: at, end: at }, name: '' };
  }
  if (!NAME.test(tok.image)) ctx.report(SYNTAX.InvalidName, tokenSpan(tok), { name: tok.image });
  return identifier(tok);
}

function typeAnnotation(node: CstNode | undefined): TypeAnnotation | undefined {
  const colon = token(node, 'Colon');
  const arch = token(node, 'Name');
  if (!node || !colon) return undefined;
  const space = token(node, 'Name', 1);
  const archId: Identifier = arch
    ? identifier(arch)
    : { kind: 'Identifier', span: { start: tokenEnd(colon), end: tokenEnd(colon) }, name: '' };
  return {
    kind: 'TypeAnnotation',
    span: cover(tokenSpan(colon), archId.span, space ? tokenSpan(space) : undefined),
    arch: archId,
    space: space ? identifier(space) : undefined,
  };
}
