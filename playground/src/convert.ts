import type { Span } from '../../src/text/span.js';
import type * as monaco from 'monaco-editor/editor/editor.api.js';

/** Offsets (what the service speaks) to and from Monaco's 1-based line/column positions. */

export function spanToRange(model: monaco.editor.ITextModel, span: Span): monaco.IRange {
  const start = model.getPositionAt(span.start);
  const end = model.getPositionAt(span.end);
  return {
    startLineNumber: start.lineNumber,
    startColumn: start.column,
    endLineNumber: end.lineNumber,
    endColumn: end.column,
  };
}

export function rangeToSpan(model: monaco.editor.ITextModel, range: monaco.IRange): Span {
  const a = model.getOffsetAt({ lineNumber: range.startLineNumber, column: range.startColumn });
  const b = model.getOffsetAt({ lineNumber: range.endLineNumber, column: range.endColumn });
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

/**
 * A range a person can see: an empty span (a missing `)`, a missing name) covers the character after it, or the
 * one before it at the end of a line, so the squiggle is not zero-width.
 */
export function visibleRange(model: monaco.editor.ITextModel, span: Span): monaco.IRange {
  const range = spanToRange(model, span);
  if (span.end > span.start) return range;
  const lineLength = model.getLineLength(range.startLineNumber);
  if (range.startColumn <= lineLength) return { ...range, endColumn: range.startColumn + 1 };
  if (range.startColumn > 1) return { ...range, startColumn: range.startColumn - 1 };
  return range;
}
