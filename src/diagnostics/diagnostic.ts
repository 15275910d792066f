import type { Span } from '../text/span.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * One kind of diagnostic: a stable symbolic id (what code refers to), a numeric code grouped by phase
 * (what people and `--format json` see: 1xxx syntax, 2xxx names and references, 3xxx types and signatures,
 * 4xxx architectures, blocks and classes, 5xxx files and models, 6xxx runtime), a default severity and a
 * message template whose `{name}` holes are filled from the arguments.
 */
export interface DiagnosticKind {
  readonly id: string;
  readonly code: number;
  readonly severity: Severity;
  readonly template: string;
}

/** A text edit: replace `span` of the file with `newText`. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A suggested fix a person can apply (the editor shows it as a quick fix). */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  readonly id: string;
  readonly code: number;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** The file it is about, when known (the CLI sets it; the language service leaves it to the host). */
  readonly file?: string | undefined;
  readonly fixes?: readonly Fix[] | undefined;
  /** A further remark printed under the code frame (`help: valid blocks are in0..in11, mid, out0..out11`). */
  readonly help?: string | undefined;
}

export type MessageArgs = Readonly<Record<string, string | number>>;

/**
 * A value this long in a message is cut: it can only come from a name or string already reported as over-long,
 * and a message should not carry megabytes of it.
 */
const MAX_ARGUMENT_LENGTH = 4096;
const SHOWN_OF_LONG_ARGUMENT = 200;

export function formatMessage(template: string, args: MessageArgs = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in args)) return whole;
    const value = String(args[name]);
    return value.length > MAX_ARGUMENT_LENGTH ? `${value.slice(0, SHOWN_OF_LONG_ARGUMENT)}…` : value;
  });
}

export interface DiagnosticOptions {
  readonly fixes?: readonly Fix[];
  readonly help?: string;
  readonly severity?: Severity;
  readonly file?: string;
}

export function createDiagnostic(
  kind: DiagnosticKind,
  span: Span,
  args: MessageArgs = {},
  options: DiagnosticOptions = {},
): Diagnostic {
  return {
    id: kind.id,
    code: kind.code,
    severity: options.severity ?? kind.severity,
    message: formatMessage(kind.template, args),
    span,
    file: options.file,
    fixes: options.fixes,
    help: options.help,
  };
}

/** Sorts by position, then code, so every consumer prints diagnostics in the same order. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.code - b.code;
}
