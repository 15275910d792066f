import type { IToken } from 'chevrotain';
import type { Document, Statement, VersionDecl } from '../ast/nodes.js';
import { SYNTAX } from '../diagnostics/codes/syntax.js';
import { compareDiagnostics, createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { detectBinary } from '../lexer/binary.js';
import { tokenize } from '../lexer/tokenize.js';
import * as T from '../lexer/tokens.js';
import { MAX_RECIPE_LENGTH } from '../text/limits.js';
import type { Span } from '../text/span.js';
import { buildLegacyStatement } from './build-legacy.js';
import { buildV1Statement } from './build-v1.js';
import { ParseContext } from './context.js';
import { token, tokenEnd, tokenSpan } from './cst.js';
import { describeFound } from './describe.js';
import { dialectName, inferDialect, SUPPORTED_VERSIONS, SUPPORTED_VERSIONS_TEXT } from './dialect.js';
import { grammar, type EntryRule } from './grammar.js';
import { suggest } from '../text/suggest.js';
import { reportNotAStatement, reportParserErrors } from './syntax-errors.js';
import { isLegacyLine, isV1OnlyLine, lineStarts, splitLegacy, splitV1, type TokenRange } from './statements.js';

export interface ParseResult {
  readonly document: Document;
  readonly diagnostics: readonly Diagnostic[];
}

/** Beyond this many syntax errors the rest are summarised in one diagnostic: nobody reads the 101st. */
export const MAX_SYNTAX_DIAGNOSTICS = 100;
/**
 * How deep parentheses (calls and grouping) may nest in one statement. The parser and every tree walk after it
 * recurse once per level; this many levels parse with room to spare on a stack already half used by the caller
 * (an editor's request handler, Prettier). Chains through names (`let`, `&N`) are not nesting and have no limit.
 */
export const MAX_NESTING = 64;
/** `a | b | c` is flat in the grammar but a left-leaning tree for the walkers: one level per `|`. */
export const MAX_PIPES = 1000;

/**
 * Parses a recipe in any dialect. Never throws: whatever the text, the result is a complete tree whose spans lie
 * within the text, plus the syntax diagnostics, sorted by position.
 */
export function parse(text: string): ParseResult {
  // Chevrotain signals each syntax error with an Error object; their stack traces are never read and would
  // dominate the time spent on a file full of errors.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseText(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      document: wholeFileError(text, 'v1'),
      diagnostics: [createDiagnostic(SYNTAX.InternalError, { start: 0, end: 0 }, { message })],
    };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function wholeFileError(text: string, dialect: Document['dialect']): Document {
  const span = { start: 0, end: text.length };
  const statements: Statement[] = text.length > 0 ? [{ kind: 'ErrorStatement', span }] : [];
  return { kind: 'Document', span, dialect, version: undefined, statements, comments: [] };
}

function parseText(text: string): ParseResult {
  if (text.length > MAX_RECIPE_LENGTH) {
    const diagnostic = createDiagnostic(
      SYNTAX.RecipeTooLarge,
      { start: 0, end: 0 },
      { length: text.length, limit: MAX_RECIPE_LENGTH },
      { help: 'a recipe is a short text file; was a model or another large file opened as one?' },
    );
    return { document: wholeFileError(text, 'v1'), diagnostics: [diagnostic] };
  }
  const binary = detectBinary(text);
  if (binary) {
    const at = { start: binary.offset, end: Math.min(binary.offset + 1, text.length) };
    const diagnostic = createDiagnostic(
      SYNTAX.BinaryFile,
      at,
      { reason: binary.reason },
      {
        help: 'a recipe is a UTF-8 text file; model files (.safetensors) are passed to a recipe, not read as one',
      },
    );
    return { document: wholeFileError(text, 'v1'), diagnostics: [diagnostic] };
  }

  const lexed = tokenize(text);
  const tokens = lexed.tokens;
  const starts = lineStarts(text, tokens);
  const ctx = new ParseContext(text);

  ctx.droppedCharacters = droppedCharacters(lexed.diagnostics);
  const header = readHeader(tokens, starts, ctx);
  const choice = header.dialect ?? inferDialect(tokens, starts, header.end, (offset) => ctx.line(offset));
  ctx.dialect = choice.dialect;
  ctx.dialectReason = choice.reason;

  const ranges = ctx.dialect === 'v1' ? splitV1(tokens, starts, header.end) : splitLegacy(tokens, starts, header.end);
  const statements: Statement[] = [];
  let legacyIndex = 0;
  for (const range of ranges) {
    const built =
      ctx.dialect === 'v1'
        ? v1Statement(tokens, starts, range, ctx)
        : legacyStatement(tokens, starts, range, legacyIndex, ctx);
    statements.push(built.statement);
    if (built.counts) legacyIndex++;
  }

  const document: Document = {
    kind: 'Document',
    span: { start: 0, end: text.length },
    dialect: ctx.dialect,
    version: header.version,
    statements,
    comments: lexed.comments,
  };
  return { document, diagnostics: capped([...lexed.diagnostics, ...ctx.diagnostics]) };
}

function capped(diagnostics: Diagnostic[]): Diagnostic[] {
  diagnostics.sort(compareDiagnostics);
  if (diagnostics.length <= MAX_SYNTAX_DIAGNOSTICS) return diagnostics;
  const shown = diagnostics.slice(0, MAX_SYNTAX_DIAGNOSTICS);
  const next = diagnostics[MAX_SYNTAX_DIAGNOSTICS]!;
  const rest = diagnostics.length - MAX_SYNTAX_DIAGNOSTICS;
  shown.push(createDiagnostic(SYNTAX.TooManyErrors, next.span, { count: rest }));
  return shown;
}

// ---------------------------------------------------------------------------------------------------------------
// Header

interface Header {
  readonly version: VersionDecl | undefined;
  /** The dialect the header selects, when it names a supported version. */
  readonly dialect: { dialect: Document['dialect']; reason: string } | undefined;
  /** Index of the first token after the header line. */
  readonly end: number;
}

/** `version ...` on the first line that has tokens. Later `version` lines are reported where they stand. */
function readHeader(tokens: readonly IToken[], starts: Uint8Array, ctx: ParseContext): Header {
  if (tokens[0]?.tokenType !== T.Version) return { version: undefined, dialect: undefined, end: 0 };
  let end = 1;
  while (end < tokens.length && !starts[end]) end++;
  const range = { from: 0, to: end };
  const cst = runRule('versionDecl', tokens, starts, range, ctx);
  const valueToken = token(cst, 'VersionNumber') ?? token(cst, 'NumberLike');
  const span = rangeSpan(tokens, range);
  const value = valueToken?.image ?? '';
  const version: VersionDecl = { kind: 'VersionDecl', span, value };
  const dialect = SUPPORTED_VERSIONS.get(value);
  if (dialect) return { version, dialect: { dialect, reason: `it starts with 'version ${value}'` }, end };
  if (valueToken) {
    ctx.report(SYNTAX.UnsupportedVersion, tokenSpan(valueToken), {
      version: value,
      supported: SUPPORTED_VERSIONS_TEXT,
    });
  }
  return { version, dialect: undefined, end };
}

// ---------------------------------------------------------------------------------------------------------------
// Statements

interface Built {
  readonly statement: Statement;
  /** Whether the statement takes a legacy index (`&N`), even if it could not be parsed. */
  readonly counts: boolean;
}

function rangeSpan(tokens: readonly IToken[], range: TokenRange): Span {
  return { start: tokens[range.from]!.startOffset, end: tokenEnd(tokens[range.to - 1]!) };
}

function errorStatement(span: Span, counts = false): Built {
  return { statement: { kind: 'ErrorStatement', span }, counts };
}

/** Runs one grammar rule over one statement's tokens and reports what went wrong in mecha's words. */
function runRule(rule: EntryRule, tokens: readonly IToken[], starts: Uint8Array, range: TokenRange, ctx: ParseContext) {
  const parser = grammar();
  const slice = tokens.slice(range.from, range.to);
  parser.input = slice;
  const cst = parser[rule]();
  const errors = parser.errors;
  parser.input = [];
  const lastInFile = range.to === tokens.length;
  const limit = lastInFile ? ctx.text.length : tokens[range.to]!.startOffset;
  ctx.statement = {
    tokens: slice,
    lastInFile,
    limit,
    lineStarts: starts.subarray(range.from, range.to),
    parserErrors: [],
  };
  if (errors.length > 0) reportParserErrors(errors, ctx);
  return cst;
}

/** Answers "did the lexer drop characters in [start, end]?" from its sorted diagnostics, by binary search. */
function droppedCharacters(lexical: readonly Diagnostic[]): (start: number, end: number) => boolean {
  const starts = lexical.filter((d) => d.id === SYNTAX.UnexpectedCharacter.id).map((d) => d.span.start);
  return (start, end) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < starts.length && starts[lo]! <= end;
  };
}

/**
 * Deep nesting or endless `|` chains, found by one scan over the statement's tokens and refused before they reach
 * the recursive parser and tree walkers; reported at the token that goes past the limit.
 */
function reportTooComplex(tokens: readonly IToken[], range: TokenRange, ctx: ParseContext): boolean {
  let depth = 0;
  let pipes = 0;
  for (let i = range.from; i < range.to; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    if (type === T.LParen && ++depth > MAX_NESTING) {
      ctx.report(
        SYNTAX.NestingTooDeep,
        tokenSpan(token),
        { limit: MAX_NESTING },
        { help: "give inner calls names with 'let' and use the names: a chain of bindings can be as long as needed" },
      );
      return true;
    }
    if (type === T.RParen && depth > 0) depth--;
    if (type === T.Pipe && ++pipes > MAX_PIPES) {
      ctx.report(SYNTAX.TooComplex, tokenSpan(token), { what: `more than ${MAX_PIPES} '|' operators` });
      return true;
    }
  }
  return false;
}

const V1_STARTS = new Set([T.Model, T.Param, T.Let, T.Output]);

function v1Statement(tokens: readonly IToken[], starts: Uint8Array, range: TokenRange, ctx: ParseContext): Built {
  const first = tokens[range.from]!;
  const span = rangeSpan(tokens, range);
  if (first.tokenType === T.Version) {
    ctx.report(SYNTAX.MisplacedVersion, span);
    return errorStatement(span);
  }
  if (isLegacyLine(tokens, starts, range.from)) {
    ctx.report(
      SYNTAX.LegacyStatementInV1,
      span,
      { reason: ctx.dialectReason },
      {
        help: "sd-mecha lines refer to earlier lines as &N; in version 1, bind values with 'let NAME = ...'",
      },
    );
    return errorStatement(span);
  }
  if (!V1_STARTS.has(first.tokenType)) {
    reportNotAStatement(first, tokens[range.from + 1], ctx);
    return errorStatement(span);
  }
  if (reportTooComplex(tokens, range, ctx)) return errorStatement(span);
  const cst = runRule('v1Statement', tokens, starts, range, ctx);
  return { statement: buildV1Statement(cst, span, ctx), counts: false };
}

const LEGACY_STARTS = new Set([T.Model, T.Merge, T.Parameter, T.Dict, T.Literal]);

function legacyStatement(
  tokens: readonly IToken[],
  starts: Uint8Array,
  range: TokenRange,
  index: number,
  ctx: ParseContext,
): Built {
  const first = tokens[range.from]!;
  const span = rangeSpan(tokens, range);
  if (first.tokenType === T.Version) {
    ctx.report(SYNTAX.MisplacedVersion, span);
    return errorStatement(span);
  }
  if (isV1OnlyLine(tokens, starts, range.from)) {
    ctx.report(SYNTAX.V1StatementInLegacy, span, { dialect: dialectName(ctx.dialect), reason: ctx.dialectReason });
    return errorStatement(span);
  }
  const commands =
    ctx.dialect === 'legacy-0.1.0' ? ['model', 'merge', 'literal', 'dict'] : ['model', 'merge', 'parameter', 'dict'];
  if (!LEGACY_STARTS.has(first.tokenType)) {
    const commandList = `${commands.slice(0, -1).join(', ')} or ${commands[commands.length - 1]}`;
    if (first.tokenType === T.Name) {
      const suggestion = suggest(first.image, commands);
      const firstSpan = tokenSpan(first);
      ctx.report(
        SYNTAX.UnknownCommand,
        firstSpan,
        { name: first.image, dialect: dialectName(ctx.dialect), commands: commandList },
        suggestion
          ? {
              help: `did you mean '${suggestion}'?`,
              fixes: [{ title: `Change to '${suggestion}'`, edits: [{ span: firstSpan, newText: suggestion }] }],
            }
          : {},
      );
      // A misspelt command was still meant as a statement: later `&N` references count it.
      return errorStatement(span, true);
    }
    ctx.report(SYNTAX.ExpectedStatement, tokenSpan(first), {
      keywords: commandList,
      found: describeFound(first, false),
    });
    return errorStatement(span);
  }
  const cst = runRule('legacyStatement', tokens, starts, range, ctx);
  const statement = buildLegacyStatement(cst, span, index, ctx);
  return statement ? { statement, counts: true } : errorStatement(span, true);
}
