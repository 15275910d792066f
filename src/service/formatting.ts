import type { TextEdit } from '../diagnostics/diagnostic.js';
import { formatText } from '../format/format.js';
import type { DocumentState } from './document-state.js';
import { changedRange } from './text-diff.js';

/**
 * The formatter's output as one edit covering only what changed (so the editor keeps the cursor and folds where
 * the text is unchanged); none for a formatted text or one with syntax errors.
 */
export function formatEdits(state: DocumentState): TextEdit[] {
  if (state.parsed.result.diagnostics.some((d) => d.severity === 'error')) return [];
  const formatted = formatText(state.text);
  if (formatted.text === state.text || formatted.diagnostics.some((d) => d.severity === 'error')) return [];
  return [wholeEdit(state.text, formatted.text)];
}

/** The single edit that turns `before` into `after`. */
export function wholeEdit(before: string, after: string): TextEdit {
  const change = changedRange(before, after);
  return { span: { start: change.start, end: change.oldEnd }, newText: after.slice(change.start, change.newEnd) };
}
