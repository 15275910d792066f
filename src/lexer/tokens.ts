import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * Every token of every dialect, in one ordered list: the lexer tries them in this order, so the more specific
 * patterns (keyword names before `=`, version numbers, keywords) come before the general ones.
 * The lexer is dialect-blind; the parser decides what a token means once it knows the dialect.
 */

// Trivia: skipped, or kept aside in a group.
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f\v\uFEFF]+/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\r\n?|\n/, group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });

// Strings. Categories let the grammar accept every spelling while the lexer reports the faulty ones.
export const StringLike = createToken({ name: 'StringLike', pattern: Lexer.NA });
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: { exec: (text: string, offset: number) => stringAt(text, offset, true) },
  line_breaks: false,
  start_chars_hint: ['"'],
  categories: [StringLike],
});
/** A string the line ends inside of; it runs to the end of the line. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: { exec: (text: string, offset: number) => stringAt(text, offset, false) },
  line_breaks: false,
  start_chars_hint: ['"'],
  categories: [StringLike],
});

/**
 * The double-quoted string at `offset`, if it is `closed` (ends with `"` on its line) or not as asked: `\` takes
 * the next character whatever it is, except a line break. A loop rather than a regular expression, whose
 * backtracking stack overflows on a string of some megabytes.
 */
function stringAt(text: string, offset: number, closed: boolean): [string] | null {
  if (text.charCodeAt(offset) !== QUOTE) return null;
  let i = offset + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return closed ? [text.slice(offset, i + 1)] : null;
    if (c === CR || c === LF) break;
    if (c === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      // A backslash before the line's end stays in the unterminated string.
      if (Number.isNaN(next) || next === CR || next === LF) {
        i++;
        break;
      }
      i += 2;
    } else {
      i++;
    }
  }
  return closed ? null : [text.slice(offset, i)];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CR = 0x0d;
const LF = 0x0a;
/** `'text'` or `“text”`: a string in the wrong quotes, kept as a string so parsing goes on. */
export const MisquotedString = createToken({
  name: 'MisquotedString',
  pattern: /'[^'\r\n]*'|[\u201C\u201D\u201E][^\u201C\u201D\u201E\r\n]*[\u201C\u201D]/,
  categories: [StringLike],
});

/**
 * A keyword argument's name: a word directly followed by `=` (spaces allowed before it).
 * Its alphabet is wider than a name's because sd-mecha writes dict keys as they are (`model.diffusion_model.x=1`)
 * and v1 block patterns carry wildcards (`out*=0.1`). Names that turn out invalid are reported by the parser.
 */
const KEY_NAME_RE = /[A-Za-z0-9_*][A-Za-z0-9_.*-]*(?=[ \t]*=(?!=))/y;
/** Words that stay keywords even before `=`, so `let = 1` reads as a `let` missing its name. */
const RESERVED = new Set(['model', 'param', 'let', 'output', 'version', 'true', 'false', 'null']);
export const KeyName = createToken({
  name: 'KeyName',
  pattern: {
    exec: (text: string, offset: number) => {
      KEY_NAME_RE.lastIndex = offset;
      const match = KEY_NAME_RE.exec(text);
      return match && RESERVED.has(match[0]) ? null : match;
    },
  },
  line_breaks: false,
  start_chars_hint: [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_*'],
});

/** `&3`; also `&` or `&x`, which the lexer reports, so a bad reference is still one token. */
export const Reference = createToken({ name: 'Reference', pattern: /&[A-Za-z0-9_]*/ });

export const NumberLike = createToken({ name: 'NumberLike', pattern: Lexer.NA });
/** `0.1.0`: only meaningful after `version`. Before NumberLiteral so it is not split into `0.1` `.0`. */
export const VersionNumber = createToken({ name: 'VersionNumber', pattern: /\d+\.\d+\.\d+/ });
/** `12abc`, `0x1F`, `1e`: digits glued to letters. Reported by the lexer, parsed as a (bad) number. */
export const MalformedNumber = createToken({
  name: 'MalformedNumber',
  pattern: /[-+]?(?:\d|\.\d)[A-Za-z0-9_.]*/,
  categories: [NumberLike],
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/,
  categories: [NumberLike],
  longer_alt: MalformedNumber,
});

export const Name = createToken({ name: 'Name', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

function keyword(word: string, categories: TokenType[] = []): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  return createToken({ name, pattern: new RegExp(word), longer_alt: Name, categories });
}

// v1 statement keywords (`model` also starts legacy statements). Reserved: never names.
export const Model = keyword('model');
export const Param = keyword('param');
export const Let = keyword('let');
export const Output = keyword('output');
export const Version = keyword('version');
// Legacy command words. In a v1 file they are ordinary names (`let merge = ...`), hence the Name category.
export const Merge = keyword('merge', [Name]);
export const Parameter = keyword('parameter', [Name]);
export const Dict = keyword('dict', [Name]);
export const Literal = keyword('literal', [Name]);
// Constants of every dialect.
export const True = keyword('true');
export const False = keyword('false');
export const Null = keyword('null');

export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });

/** The lexer's order. Category-only tokens (pattern NA) are listed too so the parser knows them. */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  Newline,
  Comment,
  StringLiteral,
  UnterminatedString,
  MisquotedString,
  KeyName,
  Reference,
  VersionNumber,
  NumberLiteral,
  MalformedNumber,
  Model,
  Parameter, // before Param, which is its prefix
  Param,
  Let,
  Output,
  Version,
  Merge,
  Dict,
  Literal,
  True,
  False,
  Null,
  Name,
  Equals,
  Pipe,
  Comma,
  Dot,
  Colon,
  LParen,
  RParen,
  StringLike,
  NumberLike,
];

/** Keywords that open a v1 statement when they start a line. */
export const V1_KEYWORDS: readonly TokenType[] = [Model, Param, Let, Output, Version];
/** Words that open a legacy statement when they start a line. */
export const LEGACY_COMMANDS: readonly TokenType[] = [Model, Merge, Parameter, Dict, Literal];
