import type { IToken } from 'chevrotain';
import type { Statement } from '../ast/nodes.js';
import { tokenize } from '../lexer/tokenize.js';
import * as T from '../lexer/tokens.js';
import { isLegacyLine, isV1OnlyLine, lineStarts } from '../parser/statements.js';

/**
 * How the first line of a statement reads, which is what decides a header-less file's dialect (a `let` line makes
 * it v1, sd-mecha lines make it legacy) and which lines take an `&N` number. The incremental parser keeps one per
 * statement so that it can tell, without the whole token stream, whether an edit changed either.
 */
export interface StatementClass {
  /** `let`, `param`, `output`, `model NAME`. */
  readonly v1Only: boolean;
  /** `model "p" ...`, `merge "m" ...`, `dict k=v`: an sd-mecha line. */
  readonly legacy: boolean;
  /** In an sd-mecha file, whether the line takes an `&N` number (a misspelt command still does). */
  readonly counts: boolean;
}

const NONE: StatementClass = { v1Only: false, legacy: false, counts: false };
const LEGACY_STARTS = new Set([T.Model, T.Merge, T.Parameter, T.Dict, T.Literal]);

/**
 * Classes of the statements that start in `text` (offsets of the statements are `base` plus offsets in `text`),
 * read from one tokenization of `text`, which must begin at a line start.
 */
export function classifyStatements(text: string, base: number, statements: readonly Statement[]): StatementClass[] {
  const tokens = tokenize(text).tokens;
  const starts = lineStarts(text, tokens);
  const out: StatementClass[] = [];
  let t = 0;
  for (const statement of statements) {
    const at = statement.span.start - base;
    while (t < tokens.length && tokens[t]!.startOffset < at) t++;
    out.push(t < tokens.length && tokens[t]!.startOffset === at ? classOf(tokens, starts, t) : NONE);
  }
  return out;
}

/** Mirrors the parser's rules: `counts` as `legacyStatement` in parse.ts decides whether a line takes an index. */
function classOf(tokens: readonly IToken[], starts: Uint8Array, i: number): StatementClass {
  const type = tokens[i]!.tokenType;
  const v1Only = isV1OnlyLine(tokens, starts, i);
  const legacy = isLegacyLine(tokens, starts, i);
  const counts = type !== T.Version && !v1Only && (LEGACY_STARTS.has(type) || type === T.Name);
  return { v1Only, legacy, counts };
}
