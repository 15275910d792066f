import { Lexer, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import type { Comment } from '../ast/nodes.js';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SYNTAX } from '../diagnostics/codes/syntax.js';
import { MAX_NAME_LENGTH, MAX_STRING_LENGTH } from '../text/limits.js';
import { describeCharacter } from './characters.js';
import * as T from './tokens.js';

export interface TokenizeResult {
  /** Significant tokens in source order (no whitespace, newlines or comments). */
  readonly tokens: IToken[];
  readonly comments: Comment[];
  /** Lexical problems: stray characters, unterminated or misquoted strings, malformed numbers and references. */
  readonly diagnostics: Diagnostic[];
}

let lexer: Lexer | undefined;

/**
 * The token list's checks (unreachable or empty patterns) run once in a test through `validate`; the lexer every
 * command uses is built without them, on first use, and keeps Chevrotain's first-character optimisation.
 */
export function createLexer({ validate = false }: { validate?: boolean } = {}): Lexer {
  return new Lexer([...T.ALL_TOKENS] as TokenType[], {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: !validate,
  });
}

function getLexer(): Lexer {
  lexer ??= createLexer();
  return lexer;
}

export function tokenize(text: string): TokenizeResult {
  const result = getLexer().tokenize(text);
  const diagnostics: Diagnostic[] = [];

  for (const error of result.errors) {
    const chars = text.slice(error.offset, error.offset + error.length);
    const { description, help } = describeCharacter(chars);
    diagnostics.push(
      createDiagnostic(
        SYNTAX.UnexpectedCharacter,
        { start: error.offset, end: error.offset + error.length },
        { what: description },
        help ? { help } : {},
      ),
    );
  }

  for (const token of result.tokens) {
    const problem = lexicalProblem(token);
    if (problem) diagnostics.push(problem);
  }

  const comments: Comment[] = (result.groups['comments'] ?? []).map((token) => ({
    kind: 'Comment',
    span: { start: token.startOffset, end: token.startOffset + token.image.length },
    text: token.image.slice(1),
  }));

  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { tokens: result.tokens, comments, diagnostics };
}

function tokenSpan(token: IToken) {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

/** The diagnostic a well-formed-looking but faulty token deserves, if any. */
function lexicalProblem(token: IToken): Diagnostic | undefined {
  const span = tokenSpan(token);
  const tooLong = lengthProblem(token);
  if (tooLong) return tooLong;
  switch (token.tokenType) {
    case T.UnterminatedString:
      return createDiagnostic(
        SYNTAX.UnterminatedString,
        span,
        {},
        {
          fixes: [
            {
              title: "Close the string with '\"'",
              edits: [{ span: { start: span.end, end: span.end }, newText: '"' }],
            },
          ],
        },
      );
    case T.MisquotedString: {
      const inner = token.image.slice(1, -1);
      const fixed = `"${inner.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
      return createDiagnostic(
        SYNTAX.MisquotedString,
        span,
        { text: token.image },
        {
          fixes: [{ title: `Use ${fixed}`, edits: [{ span, newText: fixed }] }],
        },
      );
    }
    case T.MalformedNumber:
      return createDiagnostic(SYNTAX.MalformedNumber, span, { text: token.image });
    case T.Reference:
      if (/^&\d+$/.test(token.image)) return undefined;
      return token.image.length === 1
        ? createDiagnostic(SYNTAX.MissingReferenceNumber, span)
        : createDiagnostic(SYNTAX.MalformedReference, span, { text: token.image });
    default:
      return undefined;
  }
}

/**
 * A string, name or number longer than any recipe needs. The token stays as it is, so the rest of the file
 * parses; the parser does not use the value of an over-long string.
 */
function lengthProblem(token: IToken): Diagnostic | undefined {
  const length = token.image.length;
  if (length <= MAX_NAME_LENGTH) return undefined;
  const span = tokenSpan(token);
  if (tokenMatcher(token, T.StringLike)) {
    if (length <= MAX_STRING_LENGTH) return undefined;
    return createDiagnostic(SYNTAX.StringTooLong, span, { length, limit: MAX_STRING_LENGTH }, {
      help: 'a string holds a model path or a short list of values; is a closing \'"\' missing?',
    });
  }
  if (tokenMatcher(token, T.NumberLike) || token.tokenType === T.VersionNumber) {
    return createDiagnostic(SYNTAX.NameTooLong, span, { what: 'number', length, limit: MAX_NAME_LENGTH });
  }
  if (tokenMatcher(token, T.Name) || token.tokenType === T.KeyName || token.tokenType === T.Reference) {
    return createDiagnostic(SYNTAX.NameTooLong, span, { what: 'name', length, limit: MAX_NAME_LENGTH });
  }
  return undefined;
}
