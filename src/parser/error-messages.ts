import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';

/**
 * Chevrotain's recognition errors carry their expectation only inside the message text. This provider writes that
 * expectation as `kind|rule|Expected,Tokens` so `syntax-errors.ts` can phrase its own message; nobody ever sees
 * these strings. (Plain splitting rather than JSON: a file full of errors builds hundreds of thousands of them.)
 */
export interface ParserErrorInfo {
  readonly kind: 'mismatch' | 'no-viable-alt' | 'early-exit' | 'not-all-input';
  /** Names of the token types that would have been accepted. */
  readonly expected: readonly string[];
  readonly rule: string;
}

function encode(info: ParserErrorInfo): string {
  return `${info.kind}|${info.rule}|${info.expected.join(',')}`;
}

function firstTokens(paths: TokenType[][][]): string[] {
  const names = new Set<string>();
  for (const alternative of paths) for (const path of alternative) if (path[0]) names.add(path[0].name);
  return [...names];
}

export const structuredErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }) {
    return encode({ kind: 'mismatch', expected: [options.expected.name], rule: options.ruleName });
  },
  buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }) {
    return encode({ kind: 'not-all-input', expected: [], rule: options.ruleName });
  },
  buildNoViableAltMessage(options: {
    expectedPathsPerAlt: TokenType[][][];
    actual: IToken[];
    previous: IToken;
    customUserDescription?: string;
    ruleName: string;
  }) {
    // The translator phrases these from the rule alone; listing the alternatives would be wasted work.
    return encode({ kind: 'no-viable-alt', expected: [], rule: options.ruleName });
  },
  buildEarlyExitMessage(options: {
    expectedIterationPaths: TokenType[][];
    actual: IToken[];
    previous: IToken;
    customUserDescription?: string;
    ruleName: string;
  }) {
    return encode({
      kind: 'early-exit',
      expected: firstTokens([options.expectedIterationPaths]),
      rule: options.ruleName,
    });
  },
};

const KINDS = new Set<string>(['mismatch', 'no-viable-alt', 'early-exit', 'not-all-input']);

export function decodeErrorInfo(message: string): ParserErrorInfo | undefined {
  const [kind, rule, expected] = message.split('|');
  if (kind === undefined || !KINDS.has(kind) || rule === undefined) return undefined;
  return { kind: kind as ParserErrorInfo['kind'], rule, expected: expected ? expected.split(',') : [] };
}
