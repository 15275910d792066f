import type { DiagnosticKind } from '../diagnostic.js';

/** Syntax diagnostics, codes 1000-1999: the lexer and the parser. */
export const SYNTAX = {
  UnexpectedCharacter: { id: 'unexpected-character', code: 1001, severity: 'error', template: "Unexpected character '{char}'." },
} as const satisfies Record<string, DiagnosticKind>;
