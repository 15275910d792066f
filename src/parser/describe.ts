import type { IToken, TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.js';

/** How messages name a token: `name 'base'`, `keyword 'let'`, `string "x"`, `'('`. */

const MAX_IMAGE = 24;

export function quoteImage(image: string): string {
  const short = image.length > MAX_IMAGE ? image.slice(0, MAX_IMAGE - 1) + '…' : image;
  return `'${short}'`;
}

const KEYWORDS = new Set<TokenType>([
  T.Model,
  T.Param,
  T.Let,
  T.Output,
  T.Version,
  T.Merge,
  T.Parameter,
  T.Dict,
  T.Literal,
  T.True,
  T.False,
  T.Null,
]);

/** What was found, for "found ..." (`undefined` is the end of the statement). */
export function describeFound(token: IToken | undefined, atEndOfFile: boolean): string {
  if (!token) return atEndOfFile ? 'end of file' : 'end of line';
  const type = token.tokenType;
  const image = token.image;
  if (KEYWORDS.has(type)) return `keyword ${quoteImage(image)}`;
  switch (type) {
    case T.Name:
    case T.KeyName:
      return `name ${quoteImage(image)}`;
    case T.StringLiteral:
    case T.UnterminatedString:
    case T.MisquotedString:
      return `string ${image.length > MAX_IMAGE ? image.slice(0, MAX_IMAGE - 1) + '…' : image}`;
    case T.NumberLiteral:
    case T.MalformedNumber:
    case T.VersionNumber:
      return `number ${image.length > MAX_IMAGE ? image.slice(0, MAX_IMAGE - 1) + '…' : image}`;
    case T.Reference:
      return `reference ${quoteImage(image)}`;
    default:
      return quoteImage(image);
  }
}

/** The thing something came after, for "after ...": the token as written. */
export function describeAfter(token: IToken | undefined): string {
  if (!token) return 'the start of the statement';
  return quoteImage(token.image);
}
