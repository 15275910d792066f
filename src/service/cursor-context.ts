import { tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import type { Dialect, Document, Statement } from '../ast/nodes.js';
import { HYPER_MAP_CALLS } from '../graph/hyper-calls.js';
import { tokenize } from '../lexer/tokenize.js';
import * as T from '../lexer/tokens.js';
import type { Span } from '../text/span.js';

/**
 * Where the cursor is, in the terms completion needs. Found from the tokens of the statement up to the cursor,
 * not from the tree, because half-typed text (`blocks(sd1.unet, `, `sd1.`, `merge "`) is exactly what the tree
 * recovers from: the tokens before the cursor say what the grammar expects next.
 */
export type CursorContext =
  /** At the start of a statement: the dialect's statement words. */
  | { readonly kind: 'statement'; readonly replace: Span }
  /** Where a value is expected: methods, hyper builtins, names in scope (v1) or `&N` (legacy). */
  | { readonly kind: 'expression'; readonly replace: Span; readonly statementStart: number }
  /** After `|`: another hyperparameter map, or a name bound to one. */
  | { readonly kind: 'map-expression'; readonly replace: Span; readonly statementStart: number }
  /** At the start of an argument of a merge method's call. */
  | {
      readonly kind: 'arguments';
      readonly replace: Span;
      readonly statementStart: number;
      readonly method: string;
      readonly positional: number;
      readonly given: readonly string[];
    }
  /** After `name=` in a merge method's call. */
  | {
      readonly kind: 'hyper-value';
      readonly replace: Span;
      readonly statementStart: number;
      readonly method: string;
      readonly param: string;
    }
  /** An entry of `blocks(...)` or `classes(...)`. */
  | {
      readonly kind: 'map-entries';
      readonly replace: Span;
      readonly builtin: 'blocks' | 'classes';
      readonly arch: string | undefined;
      readonly component: string | undefined;
      readonly given: readonly string[];
    }
  /** The first argument of `blocks`, `classes`, `default` or `mbw`: what the map is for. */
  | { readonly kind: 'map-target'; readonly replace: Span; readonly builtin: string }
  /** After `sd1.`. */
  | { readonly kind: 'component'; readonly replace: Span; readonly arch: string }
  | { readonly kind: 'architecture'; readonly replace: Span; readonly quote: Quote }
  | { readonly kind: 'space'; readonly replace: Span; readonly quote: Quote }
  | { readonly kind: 'config'; readonly replace: Span; readonly quote: Quote }
  | { readonly kind: 'model-path'; readonly replace: Span; readonly quote: Quote }
  /** The list of `mbw(sd1, ...)`: SuperMerger's preset names, for the architecture written first. */
  | { readonly kind: 'mbw-preset'; readonly replace: Span; readonly quote: Quote; readonly arch: string | undefined }
  /** The method string of a legacy `merge` line. */
  | { readonly kind: 'legacy-method'; readonly replace: Span; readonly quote: Quote }
  /** After a legacy `merge "m"`: `&N` inputs and the method's keywords. */
  | {
      readonly kind: 'legacy-arguments';
      readonly replace: Span;
      readonly statementStart: number;
      readonly method: string;
      readonly given: readonly string[];
    }
  /** After `name=` on a legacy line: `&N`. */
  | { readonly kind: 'legacy-value'; readonly replace: Span; readonly statementStart: number }
  /** A key of a legacy `dict` line. */
  | { readonly kind: 'dict-key'; readonly replace: Span; readonly given: readonly string[] }
  | { readonly kind: 'none' };

/**
 * How a completion's text goes in: `wrap` in quotes (a string is expected, none is open), `as-is` (between quotes
 * already there, or a bare word), `close` (inside an unterminated string: add the closing quote).
 */
export type Quote = 'wrap' | 'as-is' | 'close';

const NONE: CursorContext = { kind: 'none' };

export function cursorContext(document: Document, text: string, offset: number): CursorContext {
  const at = Math.max(0, Math.min(offset, text.length));
  if (document.version && at <= lineEnd(text, document.version.span.start)) return NONE;
  if (document.comments.some((c) => c.span.start < at && at <= c.span.end)) return NONE;
  const statement = statementBefore(document.statements, at);
  const from = statement?.span.start ?? (document.version ? lineEnd(text, document.version.span.start) : 0);

  // Inside a string: what the string is for decides.
  const upToCursor = tokenize(text.slice(from, at)).tokens;
  const last = upToCursor[upToCursor.length - 1];
  if (last && isOpenString(last) && from + last.startOffset + last.image.length === at) {
    const contentStart = from + last.startOffset + 1;
    const close = closingQuote(text, contentStart);
    const quote: Quote = close === undefined ? 'close' : 'as-is';
    const replace = { start: contentStart, end: close ?? wordEnd(text, at) };
    const before = upToCursor.slice(0, -1);
    return document.dialect === 'v1' ? v1String(before, replace, quote) : legacyString(before, replace, quote);
  }

  const start = wordStart(text, at);
  const replace = { start, end: wordEnd(text, at) };
  const tokens = start === at ? upToCursor : tokenize(text.slice(from, start)).tokens;
  const firstOnLine = tokens.length === 0 || /[\r\n]/.test(text.slice(from + end(tokens[tokens.length - 1]!), start));
  if (document.dialect === 'v1') {
    if (firstOnLine && (tokens.length === 0 || complete(tokens))) return { kind: 'statement', replace };
    return v1Statement(tokens, replace, from);
  }
  if (firstOnLine) return { kind: 'statement', replace };
  return legacyStatement(tokens, replace, from);
}

/** The statement words of a dialect, in the order they are offered. */
export function statementWords(dialect: Dialect): readonly string[] {
  switch (dialect) {
    case 'v1':
      return ['model', 'param', 'let', 'output'];
    case 'legacy':
      return ['model', 'merge', 'parameter', 'dict'];
    case 'legacy-0.1.0':
      return ['model', 'merge', 'literal', 'dict'];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// v1

function v1Statement(tokens: readonly IToken[], replace: Span, from: number): CursorContext {
  const first = tokens[0];
  if (!first) return NONE;
  switch (first.tokenType) {
    case T.Let:
      if (tokens.length < 3 || tokens[2]!.tokenType !== T.Equals) return NONE;
      return expression(tokens.slice(3), replace, from);
    case T.Output:
      return expression(tokens.slice(1), replace, from);
    case T.Model:
    case T.Param: {
      const colon = tokens.findIndex((t) => t.tokenType === T.Colon);
      if (colon >= 0) {
        const after = tokens.length - colon - 1;
        if (after === 0) return { kind: 'architecture', replace, quote: 'as-is' };
        if (after === 1 && isName(tokens[colon + 1]!)) return { kind: 'space', replace, quote: 'as-is' };
        return NONE;
      }
      if (first.tokenType === T.Model && tokens.length === 3 && tokens[2]!.tokenType === T.Equals) {
        return { kind: 'model-path', replace, quote: 'wrap' };
      }
      return NONE;
    }
    default:
      return NONE;
  }
}

function v1String(before: readonly IToken[], replace: Span, quote: Quote): CursorContext {
  const first = before[0];
  if (first?.tokenType === T.Model && before.length === 3 && before[2]!.tokenType === T.Equals) {
    return { kind: 'model-path', replace, quote };
  }
  if (first?.tokenType !== T.Let && first?.tokenType !== T.Output) return NONE;
  const frames = frameStack(before.slice(first.tokenType === T.Let ? 3 : 1));
  const frame = frames[frames.length - 1]!;
  if (frame.arg.length === 0 && frame.callee === 'mbw' && frame.positional === 1) {
    return { kind: 'mbw-preset', replace, quote, arch: mbwArch(frame) };
  }
  // A string where a model is expected is an inline model: a positional argument of a merge method's call.
  if (frame.arg.length === 0 && frame.callee !== undefined && !HYPER_MAP_CALLS.has(frame.callee)) {
    return { kind: 'model-path', replace, quote };
  }
  return NONE;
}

/** The architecture `mbw(sd1, ...)` names first. */
function mbwArch(frame: Frame): string | undefined {
  const target = frame.firstArg?.[0];
  return target && isName(target) ? target.image : undefined;
}

/** An open call or parenthesis while scanning an expression, and the argument being written in it. */
interface Frame {
  readonly callee: string | undefined;
  positional: number;
  readonly keywords: string[];
  arg: IToken[];
  firstArg: IToken[] | undefined;
}

/** The open calls at the end of an expression's tokens, outermost first (the first frame is the expression). */
function frameStack(tokens: readonly IToken[]): Frame[] {
  const frames: Frame[] = [{ callee: undefined, positional: 0, keywords: [], arg: [], firstArg: undefined }];
  for (const token of tokens) {
    const frame = frames[frames.length - 1]!;
    if (token.tokenType === T.LParen) {
      const previous = frame.arg[frame.arg.length - 1];
      const callee = previous && isName(previous) ? previous.image : undefined;
      frames.push({ callee, positional: 0, keywords: [], arg: [], firstArg: undefined });
    } else if (token.tokenType === T.RParen) {
      if (frames.length > 1) frames.pop();
      frames[frames.length - 1]!.arg.push(token);
    } else if (token.tokenType === T.Comma) {
      const keyword = keywordOf(frame.arg);
      if (keyword !== undefined) frame.keywords.push(keyword);
      else if (frame.arg.length > 0) frame.positional++;
      frame.firstArg ??= frame.arg;
      frame.arg = [];
    } else {
      frame.arg.push(token);
    }
  }
  return frames;
}

function keywordOf(arg: readonly IToken[]): string | undefined {
  return arg.length >= 2 && arg[0]!.tokenType === T.KeyName && arg[1]!.tokenType === T.Equals
    ? arg[0]!.image
    : undefined;
}

function expression(tokens: readonly IToken[], replace: Span, statementStart: number): CursorContext {
  const frames = frameStack(tokens);
  const frame = frames[frames.length - 1]!;
  const arg = frame.arg;
  const last = arg[arg.length - 1];
  const callee = frame.callee;

  // `sd1.`: the components of an architecture.
  if (last?.tokenType === T.Dot) {
    const object = arg[arg.length - 2];
    return object && isName(object) ? { kind: 'component', replace, arch: object.image } : NONE;
  }
  // `name=`: the value of a keyword argument.
  if (arg.length === 2 && keywordOf(arg) !== undefined) {
    if (callee !== undefined && !HYPER_MAP_CALLS.has(callee)) {
      return { kind: 'hyper-value', replace, statementStart, method: callee, param: arg[0]!.image };
    }
    return NONE;
  }
  // After `|`: another map (or a name bound to one).
  if (last?.tokenType === T.Pipe) return { kind: 'map-expression', replace, statementStart };
  if (arg.length > 0) return NONE;

  if (callee === undefined) return { kind: 'expression', replace, statementStart };
  const first = frame.positional === 0 && frame.keywords.length === 0 && frame.firstArg === undefined;
  switch (callee) {
    case 'blocks':
    case 'classes': {
      if (first) return { kind: 'map-target', replace, builtin: callee };
      const target = frame.firstArg ?? [];
      const arch = target[0] && isName(target[0]) ? target[0].image : undefined;
      const component = target[1]?.tokenType === T.Dot && target[2] && isName(target[2]) ? target[2].image : undefined;
      return { kind: 'map-entries', replace, builtin: callee, arch, component, given: frame.keywords };
    }
    case 'default':
      return first ? { kind: 'map-target', replace, builtin: callee } : NONE;
    case 'mbw':
      if (first) return { kind: 'architecture', replace, quote: 'as-is' };
      return frame.positional === 1 ? { kind: 'mbw-preset', replace, quote: 'wrap', arch: mbwArch(frame) } : NONE;
    default:
      return {
        kind: 'arguments',
        replace,
        statementStart,
        method: callee,
        positional: frame.positional,
        given: frame.keywords,
      };
  }
}

/** The tokens so far make a whole statement, so a new line starts the next one rather than continuing it. */
function complete(tokens: readonly IToken[]): boolean {
  let depth = 0;
  for (const token of tokens) {
    if (token.tokenType === T.LParen) depth++;
    else if (token.tokenType === T.RParen) depth = Math.max(0, depth - 1);
  }
  const last = tokens[tokens.length - 1]!;
  const ends = [T.Equals, T.Pipe, T.Comma, T.Dot, T.Colon, T.LParen, T.Let, T.Model, T.Param, T.Output];
  return depth === 0 && !ends.includes(last.tokenType);
}

// ---------------------------------------------------------------------------------------------------------------
// Legacy

function legacyStatement(tokens: readonly IToken[], replace: Span, from: number): CursorContext {
  const first = tokens[0];
  if (!first) return NONE;
  const last = tokens[tokens.length - 1]!;
  const strings = tokens.slice(1).filter((t) => tokenMatcher(t, T.StringLike));
  const onlyStrings = strings.length === tokens.length - 1;
  switch (first.tokenType) {
    case T.Merge: {
      if (tokens.length === 1) return { kind: 'legacy-method', replace, quote: 'wrap' };
      const method = tokens[1]!;
      if (method.tokenType !== T.StringLiteral) return NONE;
      if (last.tokenType === T.Equals) return { kind: 'legacy-value', replace, statementStart: from };
      const given = tokens.filter((t) => t.tokenType === T.KeyName).map((t) => t.image);
      return { kind: 'legacy-arguments', replace, statementStart: from, method: unquote(method.image), given };
    }
    case T.Model:
      if (!onlyStrings) return keywordValue(tokens, replace, 'wrap');
      if (strings.length === 0) return { kind: 'model-path', replace, quote: 'wrap' };
      if (strings.length === 1) return { kind: 'architecture', replace, quote: 'wrap' };
      if (strings.length === 2) return { kind: 'space', replace, quote: 'wrap' };
      return NONE;
    case T.Parameter:
      if (!onlyStrings) return keywordValue(tokens, replace, 'wrap');
      if (strings.length === 1) return { kind: 'space', replace, quote: 'wrap' };
      if (strings.length === 2) return { kind: 'architecture', replace, quote: 'wrap' };
      return NONE;
    case T.Dict:
      if (last.tokenType === T.Equals) return NONE;
      return { kind: 'dict-key', replace, given: tokens.filter((t) => t.tokenType === T.KeyName).map((t) => t.image) };
    default:
      return NONE;
  }
}

function legacyString(before: readonly IToken[], replace: Span, quote: Quote): CursorContext {
  const first = before[0];
  if (!first) return NONE;
  const strings = before.slice(1).filter((t) => tokenMatcher(t, T.StringLike)).length;
  const onlyStrings = strings === before.length - 1;
  switch (first.tokenType) {
    case T.Merge:
      return before.length === 1 ? { kind: 'legacy-method', replace, quote } : NONE;
    case T.Model:
      if (!onlyStrings) return keywordValue(before, replace, quote);
      return strings === 0
        ? { kind: 'model-path', replace, quote }
        : strings === 1
          ? { kind: 'architecture', replace, quote }
          : strings === 2
            ? { kind: 'space', replace, quote }
            : NONE;
    case T.Parameter:
      if (!onlyStrings) return keywordValue(before, replace, quote);
      return strings === 1
        ? { kind: 'space', replace, quote }
        : strings === 2
          ? { kind: 'architecture', replace, quote }
          : NONE;
    case T.Literal:
      return keywordValue(before, replace, quote);
    default:
      return NONE;
  }
}

/** `model_config=`, `merge_space=`, `model_arch=` on sd-mecha lines. */
function keywordValue(before: readonly IToken[], replace: Span, quote: Quote): CursorContext {
  const n = before.length;
  if (n < 2 || before[n - 1]!.tokenType !== T.Equals || before[n - 2]!.tokenType !== T.KeyName) return NONE;
  switch (before[n - 2]!.image) {
    case 'model_config':
      return { kind: 'config', replace, quote };
    case 'merge_space':
      return { kind: 'space', replace, quote };
    case 'model_arch':
      return { kind: 'architecture', replace, quote };
    default:
      return NONE;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Text

/** The statement the cursor is in or after: the last one starting at or before it. */
function statementBefore(statements: readonly Statement[], offset: number): Statement | undefined {
  let lo = 0;
  let hi = statements.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid]!.span.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return statements[lo - 1];
}

const WORD = /[A-Za-z0-9_*]/;

/** Where the word being typed begins: letters, digits, `_`, `*` (block patterns), and a leading `&` (references). */
function wordStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  if (start > 0 && text[start - 1] === '&') start--;
  return start;
}

function wordEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && WORD.test(text[end]!)) end++;
  return end;
}

function lineEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

/** The closing quote of a string whose content starts at `from`, on the same line. */
function closingQuote(text: string, from: number): number | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
    else if (c === '\n' || c === '\r') return undefined;
  }
  return undefined;
}

function isOpenString(token: IToken): boolean {
  return token.tokenType === T.UnterminatedString;
}

function isName(token: IToken): boolean {
  return tokenMatcher(token, T.Name as TokenType);
}

function end(token: IToken): number {
  return token.startOffset + token.image.length;
}

function unquote(image: string): string {
  return image.slice(1, image.endsWith('"') && image.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
}
