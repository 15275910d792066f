import type { IRecognitionException, IToken } from 'chevrotain';
import { SYNTAX } from '../diagnostics/codes/syntax.js';
import type { Fix } from '../diagnostics/diagnostic.js';
import * as T from '../lexer/tokens.js';
import type { Span } from '../text/span.js';
import type { ParseContext, StatementTokens } from './context.js';
import { isRealToken, tokenEnd, tokenSpan } from './cst.js';
import { describeAfter, describeFound } from './describe.js';
import { decodeErrorInfo, type ParserErrorInfo } from './error-messages.js';

/**
 * Turns Chevrotain's recognition errors into mecha's diagnostics, phrased from what was expected, what came
 * before and what was found. At most one error per position is kept: recovery can trip twice on one token.
 */
export function reportParserErrors(errors: readonly IRecognitionException[], ctx: ParseContext): void {
  const statement = ctx.statement;
  const seen = new Set<number>();
  for (const error of errors) {
    const info = decodeErrorInfo(error.message);
    const found = isRealToken(error.token) ? error.token : undefined;
    const previous = previousToken(error, found, statement.tokens);
    const at = found ? found.startOffset : previous ? tokenEnd(previous) : 0;
    statement.parserErrors.push(at);
    if (seen.has(at)) continue;
    seen.add(at);
    const gapEnd = found ? found.startOffset : statement.limit;
    if (ctx.droppedCharacters(previous ? tokenEnd(previous) : at, gapEnd)) continue;
    if (info?.kind === 'not-all-input' && found) reportLeftover(found, statement, ctx);
    else reportExpectation(info, found, previous, statement, ctx);
  }
}

function previousToken(
  error: IRecognitionException,
  found: IToken | undefined,
  tokens: readonly IToken[],
): IToken | undefined {
  const recorded = (error as { previousToken?: IToken }).previousToken;
  if (isRealToken(recorded)) return recorded;
  if (!found) return tokens[tokens.length - 1];
  const index = tokens.indexOf(found);
  return index > 0 ? tokens[index - 1] : undefined;
}

/** Where a missing token goes: the token found in its place, or just after the last token. */
function missingSpan(found: IToken | undefined, previous: IToken | undefined): Span {
  if (found) return tokenSpan(found);
  const end = previous ? tokenEnd(previous) : 0;
  return { start: end, end };
}

function reportExpectation(
  info: ParserErrorInfo | undefined,
  found: IToken | undefined,
  previous: IToken | undefined,
  statement: StatementTokens,
  ctx: ParseContext,
): void {
  const span = missingSpan(found, previous);
  const foundText = describeFound(found, statement.lastInFile);
  const after = describeAfter(previous);
  const rule = info?.rule ?? '';
  const expected = describeExpected(info, rule);
  const fixes: Fix[] = [];
  if (info?.expected[0] === 'Equals' && found) {
    fixes.push({
      title: "Insert '='",
      edits: [{ span: { start: found.startOffset, end: found.startOffset }, newText: '= ' }],
    });
  }
  ctx.report(SYNTAX.ExpectedToken, span, { expected, after, found: foundText }, fixes.length ? { fixes } : {});
}

/**
 * A value the grammar let be absent (after `=`, `|`, `(`, `output`), reported by the builders: "expected a value
 * after 'alpha='". Quiet when the parser or the lexer already explained that stretch of text.
 */
export function reportMissingValue(after: IToken, keyword: IToken | undefined, ctx: ParseContext): void {
  const statement = ctx.statement;
  const afterEnd = tokenEnd(after);
  if (statement.parserErrors.some((offset) => offset >= afterEnd)) return;
  const found = tokenAfter(statement.tokens, afterEnd);
  if (ctx.droppedCharacters(afterEnd, found ? found.startOffset : statement.limit)) return;
  // Point at what stands where the value should be, unless that is on a later line.
  const sameLine = found !== undefined && !/[\r\n]/.test(ctx.text.slice(afterEnd, found.startOffset));
  const span = sameLine ? tokenSpan(found) : { start: afterEnd, end: afterEnd };
  if (keyword) ctx.report(SYNTAX.MissingKeywordValue, span, { name: keyword.image });
  else {
    ctx.report(SYNTAX.ExpectedValue, span, {
      after: describeAfter(after),
      found: describeFound(sameLine ? found : undefined, statement.lastInFile && found === undefined),
    });
  }
}

/** The first token starting at or after `offset`, by binary search. */
function tokenAfter(tokens: readonly IToken[], offset: number): IToken | undefined {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return tokens[lo];
}

function describeExpected(info: ParserErrorInfo | undefined, rule: string): string {
  if (rule === 'versionDecl') return 'a version number (1 or 0.1.0)';
  if (rule === 'bindingName') return 'a name';
  const expected = info?.expected[0];
  switch (expected) {
    case 'Equals':
      return "'='";
    case 'StringLike':
      return rule === 'modelDecl' ? 'a file path in double quotes' : 'a string';
    case 'Name':
      return rule === 'typeAnnotation' ? 'an architecture (such as sd1 or sdxl)' : 'a name';
    case 'RParen':
      return "')'";
    case 'LParen':
      return "'('";
    case 'Colon':
      return "':'";
    default:
      return expected ? `'${expected}'` : 'something else';
  }
}

/** A token after a complete statement: an unmatched `)`, a missing `)` before more input, or plain junk. */
function reportLeftover(found: IToken, statement: StatementTokens, ctx: ParseContext): void {
  const open: IToken[] = [];
  let index = 0;
  for (; index < statement.tokens.length; index++) {
    const token = statement.tokens[index]!;
    if (token === found) break;
    if (token.tokenType === T.LParen) open.push(token);
    else if (token.tokenType === T.RParen) open.pop();
  }
  const span = tokenSpan(found);
  const unclosed = open[open.length - 1];
  if (unclosed) {
    ctx.report(SYNTAX.ExpectedToken, span, {
      expected: `')' to close '(' at ${ctx.position(unclosed.startOffset)}`,
      after: describeAfter(statement.tokens[index - 1]),
      found: describeFound(found, statement.lastInFile),
    });
    return;
  }
  if (found.tokenType === T.RParen) {
    ctx.report(
      SYNTAX.UnmatchedParenthesis,
      span,
      {},
      {
        fixes: [{ title: "Remove the ')'", edits: [{ span, newText: '' }] }],
      },
    );
    return;
  }
  const first = statement.tokens[0];
  if (statement.lineStarts[index] && first?.tokenType !== T.Version) {
    // A new line that does not start a statement: say what a line should start with.
    reportNotAStatement(found, statement.tokens[index + 1], ctx);
    return;
  }
  const previous = statement.tokens[index - 1];
  if (
    (first?.tokenType === T.Model || first?.tokenType === T.Param) &&
    found.tokenType === T.Name &&
    index === (first.tokenType === T.Model ? 4 : 2)
  ) {
    // `model a = "a" sd1`, `param p sd1`: an architecture without its colon.
    const at = { start: found.startOffset, end: found.startOffset };
    ctx.report(
      SYNTAX.ExpectedToken,
      span,
      { expected: "':'", after: describeAfter(previous), found: describeFound(found, false) },
      {
        help: "a type is written after a colon, as in ': sd1'",
        fixes: [{ title: "Insert ':'", edits: [{ span: at, newText: ': ' }] }],
      },
    );
    return;
  }
  const where = first?.tokenType === T.Version ? 'after the version number' : 'after the end of the statement';
  ctx.report(SYNTAX.UnexpectedToken, span, { found: describeFound(found, statement.lastInFile), where });
}

/** A v1 line that starts with something other than a statement word; `NAME = ...` gets a fix adding `let`. */
export function reportNotAStatement(first: IToken, next: IToken | undefined, ctx: ParseContext): void {
  const looksLikeBinding =
    first.tokenType === T.KeyName || (first.tokenType === T.Name && next?.tokenType === T.Equals);
  const at = { start: first.startOffset, end: first.startOffset };
  ctx.report(
    SYNTAX.ExpectedStatement,
    tokenSpan(first),
    { keywords: 'model, param, let or output', found: describeFound(first, false) },
    looksLikeBinding
      ? {
          help: "to give a value a name, write 'let NAME = ...'",
          fixes: [{ title: "Insert 'let'", edits: [{ span: at, newText: 'let ' }] }],
        }
      : {},
  );
}
