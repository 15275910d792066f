import { formatText } from '../format/format.js';
import type { Span } from '../text/span.js';
import type { CodeAction } from './api.js';
import type { DocumentState } from './document-state.js';
import { wholeEdit } from './formatting.js';

/**
 * The fixes of the diagnostics touching `span`, as quick fixes (a diagnostic's only fix is preferred, so "fix all"
 * can apply it), and for sd-mecha recipes the conversion to version 1.
 */
export function codeActions(state: DocumentState, span: Span): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of state.diagnostics) {
    if (!touches(diagnostic.span, span)) continue;
    const fixes = diagnostic.fixes ?? [];
    for (const fix of fixes) {
      actions.push({
        title: fix.title,
        kind: 'quickfix',
        edits: fix.edits,
        diagnostic,
        ...(fixes.length === 1 ? { preferred: true } : {}),
      });
    }
  }
  const conversion = state.memo('to-v1', () => toV1(state));
  if (conversion) actions.push(conversion);
  return actions;
}

/** The whole recipe rewritten in version 1, when it is an sd-mecha recipe the formatter can convert. */
function toV1(state: DocumentState): CodeAction | undefined {
  if (state.document.dialect === 'v1') return undefined;
  const converted = formatText(state.text, { to: 'v1', methods: (name) => state.registry.method(name) });
  if (converted.text === state.text || converted.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return {
    title: 'Convert this sd-mecha recipe to mecha version 1',
    kind: 'refactor',
    edits: [wholeEdit(state.text, converted.text)],
  };
}

/** Overlapping or touching ranges: a cursor (an empty span) at either end of a diagnostic counts. */
function touches(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}
