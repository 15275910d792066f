import type { IToken } from 'chevrotain';
import type { Dialect } from '../ast/nodes.js';
import { isLegacyLine, isV1OnlyLine } from './statements.js';
import * as T from '../lexer/tokens.js';

/** The header values mecha reads, and the dialect each one selects. */
export const SUPPORTED_VERSIONS: ReadonlyMap<string, Dialect> = new Map<string, Dialect>([
  ['1', 'v1'],
  ['0.1.0', 'legacy-0.1.0'],
]);

export const SUPPORTED_VERSIONS_TEXT = "'1' (mecha) and '0.1.0' (sd-mecha 1.x)";

export interface DialectChoice {
  readonly dialect: Dialect;
  /** Why, in words a message can quote: "it starts with 'version 1'", "line 4 is a 'let' statement". */
  readonly reason: string;
}

/** People's names for the dialects, as messages use them. */
export function dialectName(dialect: Dialect): string {
  switch (dialect) {
    case 'v1':
      return 'mecha version 1';
    case 'legacy':
      return 'sd-mecha 0.0.x';
    case 'legacy-0.1.0':
      return 'sd-mecha 0.1.0';
  }
}

/**
 * A file without a (readable) header is v1 when any line is v1-only (`let`, `param`, `output`, `model NAME =`),
 * legacy when it has sd-mecha lines, and v1 when it has neither (an empty or new file is written in v1).
 */
export function inferDialect(
  tokens: readonly IToken[],
  starts: Uint8Array,
  from: number,
  lineOf: (offset: number) => number,
): DialectChoice {
  let sawLegacy = false;
  for (let i = from; i < tokens.length; i++) {
    if (!starts[i]) continue;
    if (isV1OnlyLine(tokens, starts, i)) {
      const word = tokens[i]!.tokenType === T.Model ? 'model NAME =' : tokens[i]!.image;
      return { dialect: 'v1', reason: `line ${lineOf(tokens[i]!.startOffset)} is a '${word}' statement` };
    }
    if (!sawLegacy && isLegacyLine(tokens, starts, i)) sawLegacy = true;
  }
  return sawLegacy
    ? { dialect: 'legacy', reason: 'it has no version header' }
    : { dialect: 'v1', reason: 'it has no sd-mecha statements' };
}
