import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  MarkupKind,
  SymbolKind,
  type CodeAction as LspCodeAction,
  type CompletionItem as LspCompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol as LspDocumentSymbol,
  type Hover as LspHover,
  type Location as LspLocation,
  type Position,
  type Range,
  type SemanticTokensLegend,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type {
  CodeAction,
  CompletionItem,
  CompletionKind,
  DocumentSymbol,
  Hover,
  Location,
  SemanticToken,
  SemanticTokenType,
  SymbolKind as ServiceSymbolKind,
} from '../src/service/api.js';
import type { Diagnostic, Severity, TextEdit } from '../src/diagnostics/diagnostic.js';
import { formatCode } from '../src/diagnostics/render.js';
import type { LineIndex } from '../src/text/line-index.js';
import type { Span } from '../src/text/span.js';

/**
 * Every conversion between the language service's plain data (UTF-16 offsets) and LSP's (0-based line and UTF-16
 * character). LSP's default position encoding is UTF-16, the same unit as JavaScript string offsets, so a
 * position's character is a plain column difference; LineIndex knows the line starts, CRLF included.
 */

export function toPosition(index: LineIndex, offset: number): Position {
  return index.positionAt(offset);
}

export function toOffset(index: LineIndex, position: Position): number {
  return index.offsetAt(position);
}

export function toRange(index: LineIndex, span: Span): Range {
  return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
}

export function toSpan(index: LineIndex, range: Range): Span {
  const start = index.offsetAt(range.start);
  return { start, end: Math.max(start, index.offsetAt(range.end)) };
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Diagnostics the editor draws faded rather than underlined. */
const UNNECESSARY = new Set(['unused-binding']);

/** The editor's form of a diagnostic: the code as people see it (`MECHA2001`), the help line under the message. */
export function toLspDiagnostic(index: LineIndex, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(index, d.span),
    severity: SEVERITIES[d.severity],
    code: formatCode(d.code),
    source: 'mecha',
    message: d.help !== undefined ? `${d.message}\n${d.help}` : d.message,
    data: { id: d.id },
  };
  if (UNNECESSARY.has(d.id)) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}

export function toTextEdit(index: LineIndex, edit: TextEdit): LspTextEdit {
  return { range: toRange(index, edit.span), newText: edit.newText };
}

export function toWorkspaceEdit(uri: string, index: LineIndex, edits: readonly TextEdit[]): WorkspaceEdit {
  return { changes: { [uri]: edits.map((e) => toTextEdit(index, e)) } };
}

export function toCodeAction(uri: string, index: LineIndex, action: CodeAction): LspCodeAction {
  const out: LspCodeAction = {
    title: action.title,
    kind: action.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
    edit: toWorkspaceEdit(uri, index, action.edits),
  };
  if (action.diagnostic !== undefined) out.diagnostics = [toLspDiagnostic(index, action.diagnostic)];
  if (action.preferred === true) out.isPreferred = true;
  return out;
}

/** Whether an action of `kind` was asked for: `only: ['refactor']` takes `refactor.rewrite` too. */
export function kindRequested(kind: string, only: readonly string[] | undefined): boolean {
  if (only === undefined || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  method: CompletionItemKind.Function,
  'keyword-argument': CompletionItemKind.Property,
  block: CompletionItemKind.EnumMember,
  class: CompletionItemKind.EnumMember,
  component: CompletionItemKind.Module,
  architecture: CompletionItemKind.Class,
  space: CompletionItemKind.TypeParameter,
  'model-path': CompletionItemKind.File,
  name: CompletionItemKind.Variable,
  reference: CompletionItemKind.Reference,
  statement: CompletionItemKind.Keyword,
  value: CompletionItemKind.Value,
};

export function toCompletionItem(index: LineIndex, item: CompletionItem): LspCompletionItem {
  const out: LspCompletionItem = { label: item.label, kind: COMPLETION_KINDS[item.kind] };
  if (item.detail !== undefined) out.detail = item.detail;
  if (item.documentation !== undefined) out.documentation = { kind: MarkupKind.Markdown, value: item.documentation };
  if (item.sortText !== undefined) out.sortText = item.sortText;
  const text = item.insertText ?? item.label;
  // With a span, the editor replaces the word being typed (a quote or a dot included) instead of guessing it.
  if (item.replace !== undefined) out.textEdit = { range: toRange(index, item.replace), newText: text };
  else if (item.insertText !== undefined) out.insertText = text;
  return out;
}

export function toHover(index: LineIndex, hover: Hover): LspHover {
  return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toRange(index, hover.span) };
}

export function toLocation(index: LineIndex, location: Location): LspLocation {
  return { uri: location.uri, range: toRange(index, location.span) };
}

const SYMBOL_KINDS: Record<ServiceSymbolKind, SymbolKind> = {
  model: SymbolKind.File,
  param: SymbolKind.TypeParameter,
  let: SymbolKind.Variable,
  output: SymbolKind.Event,
  'legacy-line': SymbolKind.Variable,
};

export function toDocumentSymbol(index: LineIndex, symbol: DocumentSymbol): LspDocumentSymbol {
  const out: LspDocumentSymbol = {
    name: symbol.name,
    kind: SYMBOL_KINDS[symbol.kind],
    range: toRange(index, symbol.span),
    selectionRange: toRange(index, symbol.selectionSpan),
  };
  if (symbol.detail !== undefined) out.detail = symbol.detail;
  return out;
}

/** The legend's token types, in the order their indexes are sent. */
export const SEMANTIC_TOKEN_TYPES = [
  'keyword',
  'method',
  'function',
  'variable',
  'parameter',
  'property',
  'type',
  'number',
  'string',
  'comment',
  'operator',
] as const satisfies readonly SemanticTokenType[];

// A token type the service adds but the legend lacks fails the build here rather than colouring nothing.
type MissingTokenType = Exclude<SemanticTokenType, (typeof SEMANTIC_TOKEN_TYPES)[number]>;
const legendIsComplete: [MissingTokenType] extends [never] ? true : never = true;
void legendIsComplete;

export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const satisfies readonly SemanticToken['modifiers'][number][];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS],
};

/**
 * LSP's relative encoding of semantic tokens: five integers per token (line delta, start delta, length, type
 * index, modifier bits), in document order. A token spanning lines is sent as one token per line, since clients
 * need not support multi-line tokens; a token overlapping the previous one is dropped.
 */
export function encodeSemanticTokens(index: LineIndex, tokens: readonly SemanticToken[]): number[] {
  const sorted = [...tokens].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  let lastEnd = 0;
  for (const token of sorted) {
    if (token.span.start < lastEnd || token.span.end <= token.span.start) continue;
    lastEnd = token.span.end;
    const type = SEMANTIC_TOKEN_TYPES.indexOf(token.type as (typeof SEMANTIC_TOKEN_TYPES)[number]);
    let bits = 0;
    for (const modifier of token.modifiers) bits |= 1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(modifier);
    const first = index.positionAt(token.span.start);
    const last = index.positionAt(token.span.end);
    for (let line = first.line; line <= last.line; line++) {
      const from = line === first.line ? token.span.start : index.lineStart(line);
      const to = line === last.line ? token.span.end : index.lineEnd(line);
      if (to <= from) continue;
      const char = from - index.lineStart(line);
      data.push(line - prevLine, line === prevLine ? char - prevChar : char, to - from, type, bits);
      prevLine = line;
      prevChar = char;
    }
  }
  return data;
}
