import type { IToken } from 'chevrotain';
import type { Dialect, StringLiteral } from '../ast/nodes.js';
import { SYNTAX } from '../diagnostics/codes/syntax.js';
import * as T from '../lexer/tokens.js';
import { MAX_STRING_LENGTH } from '../text/limits.js';
import type { ParseContext } from './context.js';
import { tokenSpan } from './cst.js';

/**
 * A string token's value. Each dialect unescapes as its writer escaped:
 * - v1: `\"` and `\\` only; any other backslash is reported (and kept as written);
 * - sd-mecha 0.1.0: a backslash keeps the next character whatever it is (its tokenizer's rule);
 * - sd-mecha 0.0.x: no escapes at all (its serializer wrote paths verbatim, Windows backslashes included).
 */
export function buildString(token: IToken, ctx: ParseContext): StringLiteral {
  const span = tokenSpan(token);
  const raw = token.image;
  let inner: string;
  if (token.tokenType === T.UnterminatedString) inner = raw.slice(1);
  else inner = raw.slice(1, -1);
  // An over-long string is reported by the lexer; its value is left empty so no later step looks it up as a path.
  if (raw.length > MAX_STRING_LENGTH) return { kind: 'StringLiteral', span, value: '', raw };
  const value = token.tokenType === T.MisquotedString ? inner : unescape(inner, ctx.dialect, span.start + 1, ctx);
  return { kind: 'StringLiteral', span, value, raw };
}

function unescape(inner: string, dialect: Dialect, innerStart: number, ctx: ParseContext): string {
  if (dialect === 'legacy' || !inner.includes('\\')) return inner;
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = inner[i + 1];
    if (next === undefined) {
      // A trailing backslash of an unterminated string: nothing to escape.
      out += c;
      continue;
    }
    if (dialect === 'legacy-0.1.0' || next === '"' || next === '\\') {
      out += next;
      i++;
      continue;
    }
    const at = { start: innerStart + i, end: innerStart + i + 2 };
    ctx.report(
      SYNTAX.InvalidEscape,
      at,
      { text: c + next },
      {
        help: "in a string, '\\' escapes only '\"' and '\\'; write '\\\\' for a backslash",
        fixes: [{ title: "Write '\\\\'", edits: [{ span: { start: at.start, end: at.start + 1 }, newText: '\\\\' }] }],
      },
    );
    out += c + next;
    i++;
  }
  return out;
}
