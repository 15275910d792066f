import type { Span } from '../text/span.js';
import type { DocumentState } from './document-state.js';

/** What go-to-definition, find-references and rename act on. */
export type SymbolAt =
  /** A v1 name, at its definition or at a use; `binding` indexes `graph.bindings`. */
  | { readonly kind: 'binding'; readonly binding: number; readonly span: Span }
  /** A legacy line, at an `&N` or at the line's command word. */
  | { readonly kind: 'line'; readonly index: number; readonly span: Span };

export function symbolAt(state: DocumentState, offset: number): SymbolAt | undefined {
  const semantic = state.semantic;
  const declared = semantic.bindingAt(offset);
  if (declared) return { kind: 'binding', binding: semantic.bindingIndexOf(declared), span: declared.nameSpan };
  const use = semantic.useAt(offset);
  if (use) {
    if (use.binding !== undefined) return { kind: 'binding', binding: use.binding, span: use.span };
    const index = /^&(\d+)$/.exec(use.text);
    if (index) return { kind: 'line', index: Number(index[1]), span: use.span };
    return undefined;
  }
  for (const statement of state.document.statements) {
    if (statement.kind !== 'LegacyStatement') continue;
    const at = statement.commandSpan;
    if (at.start <= offset && offset <= at.end) return { kind: 'line', index: statement.index, span: at };
  }
  return undefined;
}
