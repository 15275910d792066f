import type { Location } from './api.js';
import type { DocumentState } from './document-state.js';
import { symbolAt } from './symbol-at.js';

/** Where the name (or `&N`) at `offset` is defined: the binding's name, or the legacy line's whole statement. */
export function definition(state: DocumentState, offset: number): Location[] {
  const symbol = symbolAt(state, offset);
  if (!symbol) return [];
  if (symbol.kind === 'binding') {
    const binding = state.semantic.binding(symbol.binding);
    return binding ? [{ uri: state.uri, span: binding.nameSpan }] : [];
  }
  const line = state.semantic.legacyLine(symbol.index);
  return line ? [{ uri: state.uri, span: line.span }] : [];
}

/** Every use of the name (or legacy line) at `offset`, in source order, and its definition when asked for. */
export function references(state: DocumentState, offset: number, includeDeclaration: boolean): Location[] {
  const symbol = symbolAt(state, offset);
  if (!symbol) return [];
  const semantic = state.semantic;
  const spans =
    symbol.kind === 'binding'
      ? semantic.usesOfBinding(symbol.binding).map((u) => u.span)
      : semantic.usesOfLine(symbol.index).map((u) => u.span);
  if (includeDeclaration) {
    const declaration =
      symbol.kind === 'binding' ? semantic.binding(symbol.binding)?.nameSpan : semantic.legacyLine(symbol.index)?.span;
    if (declaration) spans.push(declaration);
  }
  return spans.sort((a, b) => a.start - b.start).map((span) => ({ uri: state.uri, span }));
}
