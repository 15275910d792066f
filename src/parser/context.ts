import type { IToken } from 'chevrotain';
import type { Dialect } from '../ast/nodes.js';
import {
  createDiagnostic,
  type Diagnostic,
  type DiagnosticKind,
  type DiagnosticOptions,
  type MessageArgs,
} from '../diagnostics/diagnostic.js';
import type { Span } from '../text/span.js';
import { LineIndex } from '../text/line-index.js';

/** The statement being parsed, as error reporting needs it. */
export interface StatementTokens {
  readonly tokens: readonly IToken[];
  /** Whether nothing but comments follows this statement in the file (so a missing token is at "end of file"). */
  readonly lastInFile: boolean;
  /** Where the next statement starts (or the text ends): the statement's tokens own the text up to there. */
  readonly limit: number;
  /** For each of `tokens`, whether it is the first on its line. */
  readonly lineStarts: Uint8Array;
  /** Where Chevrotain reported errors in this statement; the builders stay quiet from the first one on. */
  readonly parserErrors: number[];
}

/** What the CST-to-AST builders share while parsing one file. */
export class ParseContext {
  readonly diagnostics: Diagnostic[] = [];
  private lines: LineIndex | undefined;
  /** The statement being built. */
  statement: StatementTokens = {
    tokens: [],
    lastInFile: true,
    limit: 0,
    lineStarts: new Uint8Array(0),
    parserErrors: [],
  };
  /** Whether the lexer dropped characters in [start, end]: then they, not a parser complaint, are the news there. */
  droppedCharacters: (start: number, end: number) => boolean = () => false;

  constructor(
    readonly text: string,
    /** Settled once the header (or its absence) has been read. */
    public dialect: Dialect = 'v1',
    /** Why the file is in its dialect, for messages about lines of the other dialect. */
    public dialectReason = '',
  ) {}

  report(kind: DiagnosticKind, span: Span, args: MessageArgs = {}, options: DiagnosticOptions = {}): void {
    this.diagnostics.push(createDiagnostic(kind, span, args, options));
  }

  /** `3:18`, 1-based, as people count. */
  position(offset: number): string {
    this.lines ??= new LineIndex(this.text);
    const p = this.lines.positionAt(offset);
    return `${p.line + 1}:${p.character + 1}`;
  }

  line(offset: number): number {
    this.lines ??= new LineIndex(this.text);
    return this.lines.positionAt(offset).line + 1;
  }
}
