import type { Span } from '../text/span.js';
import type { RenameResult } from './api.js';
import type { DocumentState } from './document-state.js';
import { symbolAt } from './symbol-at.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words the lexer never reads as names in v1. */
const RESERVED = new Set(['model', 'param', 'let', 'output', 'version', 'true', 'false', 'null']);

/** The span a rename at `offset` would change: a v1 name, at its definition or a use. */
export function prepareRename(state: DocumentState, offset: number): Span | undefined {
  const symbol = symbolAt(state, offset);
  return symbol?.kind === 'binding' ? symbol.span : undefined;
}

/**
 * Renames a v1 name everywhere it is used. Refused, with a reason, for legacy `&N` (they are line numbers), for
 * text that is not a name, and for a name another binding already has.
 */
export function rename(state: DocumentState, offset: number, newName: string): RenameResult {
  const symbol = symbolAt(state, offset);
  if (!symbol) return { error: 'there is no name here to rename' };
  if (symbol.kind === 'line') {
    return {
      error: `&${symbol.index} is a line number, not a name, and cannot be renamed; convert the recipe to version 1 to give its values names`,
    };
  }
  if (!NAME.test(newName)) {
    return { error: `'${newName}' is not a valid name: names are a letter or '_' followed by letters, digits and '_'` };
  }
  if (RESERVED.has(newName)) return { error: `'${newName}' is a keyword and cannot be a name` };
  const semantic = state.semantic;
  const binding = semantic.binding(symbol.binding);
  if (!binding) return { error: 'there is no name here to rename' };
  const clash = semantic.graph.bindings.find((b) => b.name === newName && b !== binding);
  if (clash && newName !== binding.name) {
    const line = state.lines.positionAt(clash.nameSpan.start).line + 1;
    return { error: `'${newName}' is already defined on line ${line}` };
  }
  const spans = [binding.nameSpan, ...semantic.usesOfBinding(symbol.binding).map((u) => u.span)];
  return {
    newText: newName,
    edits: spans.sort((a, b) => a.start - b.start).map((span) => ({ uri: state.uri, span })),
  };
}
