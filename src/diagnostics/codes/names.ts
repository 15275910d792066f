import type { DiagnosticKind } from '../diagnostic.js';

/**
 * Name and reference diagnostics, codes 2001-2099: what the recipe graph finds while it resolves v1 names and
 * legacy `&N` references, and what the legacy-to-v1 converter cannot carry over.
 * Messages are lowercase, without a final period, like the syntax ones.
 */
export const NAMES = {
  UndefinedName: { id: 'undefined-name', code: 2001, severity: 'error', template: "cannot find name '{name}'" },
  DuplicateName: {
    id: 'duplicate-name',
    code: 2002,
    severity: 'error',
    template: "'{name}' is already defined",
  },
  UsedBeforeDefinition: {
    id: 'used-before-definition',
    code: 2003,
    severity: 'error',
    template: "'{name}' is used before its definition",
  },
  UnusedBinding: { id: 'unused-binding', code: 2004, severity: 'warning', template: "'{name}' is never used" },
  ReferenceOutOfRange: {
    id: 'reference-out-of-range',
    code: 2005,
    severity: 'error',
    template: 'reference &{index} is out of range: the recipe has {count} statements',
  },
  ForwardReference: {
    id: 'forward-reference',
    code: 2006,
    severity: 'error',
    template: 'reference &{index} points to a later statement; a statement can only refer to the ones above it',
  },
  SelfReference: {
    id: 'self-reference',
    code: 2007,
    severity: 'error',
    template: 'reference &{index} points to the statement that contains it',
  },
  DuplicateOutput: {
    id: 'duplicate-output',
    code: 2008,
    severity: 'error',
    template: 'the recipe has more than one output',
  },
  NoOutput: {
    id: 'no-output',
    code: 2009,
    severity: 'error',
    template: 'the recipe has no output: add a `let` binding or an `output` statement',
  },
  NotConvertible: {
    id: 'not-convertible',
    code: 2090,
    severity: 'error',
    template: 'cannot convert to version 1: {reason}',
  },
} as const satisfies Record<string, DiagnosticKind>;
