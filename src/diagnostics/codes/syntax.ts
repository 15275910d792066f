import type { DiagnosticKind } from '../diagnostic.js';

/** Syntax diagnostics, codes 1001-1099: the lexer and the parser. Messages are lowercase, without a final period. */
export const SYNTAX = {
  // Characters and tokens
  UnexpectedCharacter: {
    id: 'unexpected-character',
    code: 1001,
    severity: 'error',
    template: 'unexpected {what}',
  },
  UnterminatedString: {
    id: 'unterminated-string',
    code: 1002,
    severity: 'error',
    template: "unterminated string: the line ends before the closing '\"'",
  },
  MisquotedString: {
    id: 'misquoted-string',
    code: 1003,
    severity: 'error',
    template: 'strings are written in straight double quotes, not as {text}',
  },
  InvalidEscape: {
    id: 'invalid-escape',
    code: 1004,
    severity: 'error',
    template: "unknown escape sequence '{text}' in a string",
  },
  MalformedNumber: {
    id: 'malformed-number',
    code: 1005,
    severity: 'error',
    template: "'{text}' is not a valid number",
  },
  MissingReferenceNumber: {
    id: 'missing-reference-number',
    code: 1006,
    severity: 'error',
    template: "expected a statement number after '&'",
  },
  MalformedReference: {
    id: 'malformed-reference',
    code: 1007,
    severity: 'error',
    template: "'{text}' is not a valid reference: '&' is followed by a statement number, as in '&0'",
  },

  // Brackets, arguments and values
  UnclosedParenthesis: {
    id: 'unclosed-parenthesis',
    code: 1008,
    severity: 'error',
    template: "missing ')' to close '(' at {position}",
  },
  UnmatchedParenthesis: {
    id: 'unmatched-parenthesis',
    code: 1009,
    severity: 'error',
    template: "')' has no matching '('",
  },
  MissingKeywordValue: {
    id: 'missing-keyword-value',
    code: 1010,
    severity: 'error',
    template: "expected a value after '{name}='",
  },
  ExpectedValue: {
    id: 'expected-value',
    code: 1011,
    severity: 'error',
    template: 'expected a value after {after}, found {found}',
  },
  ExpectedToken: {
    id: 'expected-token',
    code: 1012,
    severity: 'error',
    template: 'expected {expected} after {after}, found {found}',
  },
  UnexpectedToken: {
    id: 'unexpected-token',
    code: 1013,
    severity: 'error',
    template: 'unexpected {found} {where}',
  },
  MissingComma: {
    id: 'missing-comma',
    code: 1014,
    severity: 'error',
    template: "expected ',' between arguments",
  },
  EmptyArgument: {
    id: 'empty-argument',
    code: 1015,
    severity: 'error',
    template: "unexpected ',': an argument is missing",
  },
  PositionalAfterKeyword: {
    id: 'positional-after-keyword',
    code: 1016,
    severity: 'error',
    template: 'positional argument after keyword arguments',
  },
  InvalidName: {
    id: 'invalid-name',
    code: 1017,
    severity: 'error',
    template: "'{name}' is not a valid name: names are ASCII letters, digits and '_', and do not start with a digit",
  },
  InvalidKeywordName: {
    id: 'invalid-keyword-name',
    code: 1018,
    severity: 'error',
    template: "'{name}' is not a valid keyword argument name",
  },

  // Statements and dialects
  ExpectedStatement: {
    id: 'expected-statement',
    code: 1019,
    severity: 'error',
    template: 'expected a statement ({keywords}), found {found}',
  },
  UnknownCommand: {
    id: 'unknown-command',
    code: 1020,
    severity: 'error',
    template: "unknown command '{name}': {dialect} statements start with {commands}",
  },
  CommandNotInDialect: {
    id: 'command-not-in-dialect',
    code: 1021,
    severity: 'error',
    template: "'{command}' statements do not exist in {dialect} recipes",
  },
  LegacyStatementInV1: {
    id: 'legacy-statement-in-v1',
    code: 1022,
    severity: 'error',
    template: 'this is an sd-mecha statement, but this file is written in mecha version 1 ({reason})',
  },
  V1StatementInLegacy: {
    id: 'v1-statement-in-legacy',
    code: 1023,
    severity: 'error',
    template: 'this is a mecha version 1 statement, but this file is an {dialect} recipe ({reason})',
  },
  ReferenceInV1: {
    id: 'reference-in-v1',
    code: 1024,
    severity: 'error',
    template: "'{text}' references exist only in sd-mecha recipes; in version 1, refer to a value by its name",
  },
  NameInLegacy: {
    id: 'name-in-legacy',
    code: 1025,
    severity: 'error',
    template: "unexpected name '{name}': sd-mecha values are numbers, strings, &references, true, false and null",
  },
  UnsupportedVersion: {
    id: 'unsupported-version',
    code: 1026,
    severity: 'error',
    template: "unsupported recipe version '{version}': supported versions are {supported}",
  },
  MisplacedVersion: {
    id: 'misplaced-version',
    code: 1027,
    severity: 'error',
    template: "the 'version' header must come before every statement",
  },

  // Whole files
  BinaryFile: {
    id: 'binary-file',
    code: 1028,
    severity: 'error',
    template: 'this does not look like a text recipe: {reason}',
  },
  TooManyErrors: {
    id: 'too-many-errors',
    code: 1029,
    severity: 'error',
    template: '{count} more syntax errors not shown',
  },
  TooComplex: {
    id: 'too-complex',
    code: 1030,
    severity: 'error',
    template: 'this statement is too complex to parse: {what}',
  },
  RecipeTooLarge: {
    id: 'recipe-too-large',
    code: 1031,
    severity: 'error',
    template: 'this recipe of {length} characters is over the limit of {limit}; it is not parsed',
  },

  // Lengths
  StringTooLong: {
    id: 'string-too-long',
    code: 1032,
    severity: 'error',
    template: 'string of {length} characters is over the limit of {limit}',
  },
  NameTooLong: {
    id: 'name-too-long',
    code: 1033,
    severity: 'error',
    template: '{what} of {length} characters is over the limit of {limit}',
  },
  // 1040-1044: limits on what one statement may hold.
  NestingTooDeep: {
    id: 'nesting-too-deep',
    code: 1040,
    severity: 'error',
    template: 'parentheses nested more than {limit} deep',
  },
  InternalError: {
    id: 'internal-parser-error',
    code: 1099,
    severity: 'error',
    template: 'the parser failed on this file ({message}); this is a bug in mecha, please report it',
  },
} as const satisfies Record<string, DiagnosticKind>;
