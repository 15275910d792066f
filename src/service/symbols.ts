import type { Statement } from '../ast/nodes.js';
import type { DocumentSymbol } from './api.js';
import type { DocumentState } from './document-state.js';

/** One symbol per statement: bindings by name with their type, `output`, legacy lines as `&N`. */
export function documentSymbols(state: DocumentState): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const statement of state.document.statements) {
    const symbol = symbolOf(state, statement);
    if (symbol) out.push(symbol);
  }
  return out;
}

function symbolOf(state: DocumentState, statement: Statement): DocumentSymbol | undefined {
  const semantic = state.semantic;
  const span = statement.span;
  switch (statement.kind) {
    case 'ModelDecl':
    case 'ParamDecl':
    case 'LetDecl': {
      if (statement.name.name === '') return undefined;
      const binding = semantic.bindingAt(statement.name.span.start);
      const type =
        binding && binding.nameSpan.start === statement.name.span.start ? semantic.typeText(binding.node) : undefined;
      const kind = statement.kind === 'ModelDecl' ? 'model' : statement.kind === 'ParamDecl' ? 'param' : 'let';
      const detail = statement.kind === 'ModelDecl' ? `"${statement.path.value}"${type ? ` : ${type}` : ''}` : type;
      return {
        name: statement.name.name,
        kind,
        ...(detail ? { detail } : {}),
        span,
        selectionSpan: statement.name.span,
      };
    }
    case 'OutputDecl':
      return {
        name: 'output',
        kind: 'output',
        detail: semantic.snippet(statement.value.span),
        span,
        selectionSpan: statement.value.span,
      };
    case 'LegacyStatement': {
      const type = semantic.typeText(semantic.nodeOfLine(statement.index));
      const what = semantic.snippet({ start: statement.commandSpan.start, end: statement.span.end }, 60);
      return {
        name: `&${statement.index}`,
        kind: 'legacy-line',
        detail: type ? `${what} : ${type}` : what,
        span,
        selectionSpan: statement.commandSpan,
      };
    }
    default:
      return undefined;
  }
}
