import type { IToken, TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.js';

/**
 * Cutting a token stream into statements before parsing, which is what makes recovery reliable: a statement
 * starts at a statement word that begins a line, so however broken one statement is, the next one parses afresh.
 * v1 statements may span lines (a call's arguments, a `|` continuation); legacy statements are one line each.
 */

/** For each token, whether it is the first of its line. */
export function lineStarts(text: string, tokens: readonly IToken[]): Uint8Array {
  const flags = new Uint8Array(tokens.length);
  let previousEnd = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let starts = i === 0;
    for (let k = previousEnd; k < token.startOffset && !starts; k++) {
      const c = text.charCodeAt(k);
      if (c === 10 || c === 13) starts = true;
    }
    flags[i] = starts ? 1 : 0;
    previousEnd = token.startOffset + token.image.length;
  }
  return flags;
}

const V1_KEYWORDS = new Set<TokenType>(T.V1_KEYWORDS);
const LEGACY_ONLY = new Set<TokenType>([T.Merge, T.Parameter, T.Dict, T.Literal]);
const LEGACY_OPERANDS = new Set<TokenType>([
  T.StringLiteral,
  T.UnterminatedString,
  T.MisquotedString,
  T.Reference,
  T.KeyName,
  T.NumberLiteral,
]);

/** The token after `i` if it is on the same line. */
function nextOnLine(tokens: readonly IToken[], starts: Uint8Array, i: number): IToken | undefined {
  return i + 1 < tokens.length && starts[i + 1] === 0 ? tokens[i + 1] : undefined;
}

/** `model "path" ...`, `merge "m" &0`, `dict k=v`: a line in sd-mecha's form. */
export function isLegacyLine(tokens: readonly IToken[], starts: Uint8Array, i: number): boolean {
  const type = tokens[i]!.tokenType;
  if (type !== T.Model && !LEGACY_ONLY.has(type)) return false;
  const next = nextOnLine(tokens, starts, i);
  if (next === undefined || !LEGACY_OPERANDS.has(next.tokenType)) return false;
  // `model NAME =` is v1's (the name lexes as a key name); sd-mecha's `model` takes a path.
  return type !== T.Model || next.tokenType !== T.KeyName;
}

/** `let`, `param`, `output`, or `model NAME`: a line only v1 has. */
export function isV1OnlyLine(tokens: readonly IToken[], starts: Uint8Array, i: number): boolean {
  const type = tokens[i]!.tokenType;
  if (type === T.Let || type === T.Param || type === T.Output) return true;
  if (type !== T.Model) return false;
  const next = nextOnLine(tokens, starts, i);
  return next !== undefined && (next.tokenType === T.KeyName || next.tokenType === T.Name);
}

/** A half-open range of token indices. */
export interface TokenRange {
  readonly from: number;
  readonly to: number;
}

/** v1: a statement runs from one line-initial statement word (of either dialect) to the next. */
export function splitV1(tokens: readonly IToken[], starts: Uint8Array, from: number): TokenRange[] {
  const ranges: TokenRange[] = [];
  let current = from;
  for (let i = from + 1; i < tokens.length; i++) {
    if (starts[i] && (V1_KEYWORDS.has(tokens[i]!.tokenType) || isLegacyLine(tokens, starts, i))) {
      ranges.push({ from: current, to: i });
      current = i;
    }
  }
  if (current < tokens.length) ranges.push({ from: current, to: tokens.length });
  return ranges;
}

/**
 * Legacy: one statement per line. A v1 statement found in a legacy file keeps its continuation lines, so it is
 * reported once rather than once per line.
 */
export function splitLegacy(tokens: readonly IToken[], starts: Uint8Array, from: number): TokenRange[] {
  const ranges: TokenRange[] = [];
  let current = from;
  let inV1 = from < tokens.length && isV1OnlyLine(tokens, starts, from);
  for (let i = from + 1; i < tokens.length; i++) {
    if (!starts[i]) continue;
    const type = tokens[i]!.tokenType;
    const opensStatement = V1_KEYWORDS.has(type) || LEGACY_ONLY.has(type);
    if (inV1 && !opensStatement) continue;
    ranges.push({ from: current, to: i });
    current = i;
    inV1 = isV1OnlyLine(tokens, starts, i);
  }
  if (current < tokens.length) ranges.push({ from: current, to: tokens.length });
  return ranges;
}
