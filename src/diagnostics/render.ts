import { LineIndex } from '../text/line-index.js';
import type { Diagnostic, Severity } from './diagnostic.js';

/**
 * Diagnostics for people, in the manner of tsc and rustc:
 *
 *     recipe.mecha:3:18 - error MECHA1008: missing ')' to close '(' at 3:10
 *
 *       3 | let x = f(a, b
 *         |               ^
 *       help: ...
 *       fix: Insert ')'
 *
 * Lines and columns are 1-based. A range spanning lines is marked to the end of its first line. Tabs are shown as
 * four spaces, control characters as U+FFFD, and very long lines as a window around the range.
 */

export interface RenderOptions {
  /** ANSI colours, for a terminal. */
  readonly color?: boolean;
}

const TAB = '    ';
/** Longest stretch of a source line shown; longer lines are cut around the range. */
const MAX_LINE = 120;
/** Baselines echo whole lines up to this many characters. */
const MAX_BASELINE_LINE = 2000;

const ANSI = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  cyan: '\x1b[36m',
};

function paint(on: boolean, codes: string, text: string): string {
  return on ? codes + text + ANSI.reset : text;
}

function severityColor(severity: Severity): string {
  return severity === 'error' ? ANSI.red : severity === 'warning' ? ANSI.yellow : ANSI.blue;
}

/** `MECHA1008` */
export function formatCode(code: number): string {
  return `MECHA${code}`;
}

export function renderDiagnostic(d: Diagnostic, text: string, fileName: string, options: RenderOptions = {}): string {
  return renderWith(d, new LineIndex(text), fileName, options.color === true);
}

/** Every diagnostic, in the order given, separated by blank lines; the line index is built once. */
export function renderDiagnostics(
  ds: readonly Diagnostic[],
  text: string,
  fileName: string,
  options: RenderOptions = {},
): string {
  if (ds.length === 0) return '';
  const lines = new LineIndex(text);
  return ds.map((d) => renderWith(d, lines, fileName, options.color === true)).join('\n\n') + '\n';
}

function renderWith(d: Diagnostic, lines: LineIndex, fileName: string, color: boolean): string {
  const start = lines.positionAt(d.span.start);
  const out: string[] = [];
  const where = `${fileName}:${start.line + 1}:${start.character + 1}`;
  const label = paint(color, ANSI.bold + severityColor(d.severity), d.severity);
  out.push(`${paint(color, ANSI.cyan, where)} - ${label} ${formatCode(d.code)}: ${d.message}`);
  out.push('');

  const frame = frameLine(lines, d.span.start, d.span.end);
  const number = String(start.line + 1);
  const gutter = ' '.repeat(number.length);
  out.push(`  ${paint(color, ANSI.cyan, number)} ${paint(color, ANSI.cyan, '|')} ${frame.source}`);
  const marker = frame.width <= 1 ? '^' : '^' + '~'.repeat(frame.width - 1);
  out.push(
    `  ${gutter} ${paint(color, ANSI.cyan, '|')} ${' '.repeat(frame.column)}${paint(color, ANSI.bold + severityColor(d.severity), marker)}`,
  );

  if (d.help) out.push(`  ${paint(color, ANSI.bold, 'help:')} ${d.help}`);
  for (const fix of d.fixes ?? []) out.push(`  ${paint(color, ANSI.bold, 'fix:')} ${fix.title}`);
  return out.join('\n');
}

interface Frame {
  /** The source line as shown. */
  readonly source: string;
  /** Where the marker starts in `source`, and how wide it is (at least 1). */
  readonly column: number;
  readonly width: number;
}

/** The first line of a range as shown, and where under it the marker goes. */
function frameLine(lines: LineIndex, startOffset: number, endOffset: number): Frame {
  const start = lines.positionAt(startOffset);
  const line = lines.lineText(start.line);
  const from = start.character;
  // Multi-line ranges are marked to the end of their first line.
  const lineEndOffset = lines.lineStart(start.line) + line.length;
  const to = Math.max(from, Math.min(endOffset, lineEndOffset) - lines.lineStart(start.line));

  // Cut long lines to a window that starts a little before the range.
  let windowStart = 0;
  let windowEnd = line.length;
  if (line.length > MAX_LINE) {
    windowStart = Math.max(0, Math.min(from - 20, line.length - MAX_LINE));
    windowEnd = Math.min(line.length, windowStart + MAX_LINE);
  }
  const prefix = windowStart > 0 ? '…' : '';
  const suffix = windowEnd < line.length ? '…' : '';
  const before = show(line.slice(windowStart, from));
  const marked = show(line.slice(from, Math.min(to, windowEnd)));
  const after = show(line.slice(Math.min(to, windowEnd), windowEnd));
  return {
    source: (prefix + before + marked + after + suffix).trimEnd(),
    column: prefix.length + before.length,
    width: Math.max(1, marked.length),
  };
}

/** A stretch of source as printed: tabs expanded, control characters made visible. */
function show(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\t/g, TAB).replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '\uFFFD');
}

/**
 * A test baseline in the manner of TypeScript's `.errors.txt`: the rendered diagnostics, then the whole source,
 * each line indented, with `~` under every range it holds and `!!!` lines giving the code and message.
 */
export function renderBaseline(ds: readonly Diagnostic[], text: string, fileName: string): string {
  const lines = new LineIndex(text);
  const out: string[] = [];
  if (ds.length > 0) out.push(renderDiagnostics(ds, text, fileName).trimEnd(), '', '');
  const count = ds.length === 1 ? '1 error' : `${ds.length} errors`;
  out.push(`==== ${fileName} (${count}) ====`);

  // Diagnostics by the line they start on; a multi-line range underlines each of its lines.
  const byLine = new Map<number, Diagnostic[]>();
  for (const d of ds) {
    const line = lines.positionAt(d.span.start).line;
    const list = byLine.get(line);
    if (list) list.push(d);
    else byLine.set(line, [d]);
  }
  const underlines = new Map<number, { column: number; width: number }[]>();
  for (const d of ds) {
    const first = lines.positionAt(d.span.start).line;
    const last = Math.max(first, lines.positionAt(Math.max(d.span.start, d.span.end - 1)).line);
    for (let line = first; line <= last; line++) {
      const lineStart = lines.lineStart(line);
      const lineText = lines.lineText(line);
      const from = line === first ? d.span.start - lineStart : 0;
      const to = line === last ? Math.min(d.span.end - lineStart, lineText.length) : lineText.length;
      const mark = {
        column: show(lineText.slice(0, from)).length,
        width: Math.max(1, show(lineText.slice(from, to)).length),
      };
      const list = underlines.get(line);
      if (list) list.push(mark);
      else underlines.set(line, [mark]);
    }
  }

  for (let line = 0; line < lines.lineCount; line++) {
    const whole = show(lines.lineText(line));
    // A line of many kilobytes (an over-long string) is cut, and so are its underlines.
    const source = whole.length > MAX_BASELINE_LINE ? `${whole.slice(0, MAX_BASELINE_LINE)}…` : whole;
    out.push(source.length > 0 ? `    ${source}` : '');
    for (const mark of underlines.get(line) ?? []) {
      const column = Math.min(mark.column, MAX_BASELINE_LINE);
      const width = Math.max(1, Math.min(mark.width, MAX_BASELINE_LINE + 1 - column));
      out.push(`    ${' '.repeat(column)}${'~'.repeat(width)}`);
    }
    for (const d of byLine.get(line) ?? []) out.push(`!!! ${d.severity} ${formatCode(d.code)}: ${d.message}`);
  }
  return out.join('\n') + '\n';
}
