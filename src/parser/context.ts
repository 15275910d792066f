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

/** What the CST-to-AST builders share while parsing one file. */
export class ParseContext {
  readonly diagnostics: Diagnostic[] = [];
  private lines: LineIndex | undefined;

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
