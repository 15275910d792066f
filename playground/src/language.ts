import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { CompletionItem, CompletionKind, Location, SemanticTokenType, SymbolKind } from '../../src/service/api.js';
import languageConfiguration from '../../grammar/language-configuration.json';
import { rangeToSpan, spanToRange, visibleRange } from './convert.js';
import { monaco } from './monaco.js';
import type { ServiceClient } from './service-client.js';

/**
 * The `mecha` language in Monaco. Every answer comes from the language service in the worker; this file only
 * converts between the service's offsets and plain data and Monaco's positions and objects.
 */

export const LANGUAGE_ID = 'mecha';

/** Keeps the worker's copy of each model up to date; requests sent afterwards see the current text. */
export class DocumentSync {
  private readonly versions = new Map<string, number>();

  constructor(private readonly client: ServiceClient) {}

  /** Sends the model's text if the worker has not seen this version yet. */
  ensure(model: monaco.editor.ITextModel): void {
    const uri = model.uri.toString();
    const version = model.getVersionId();
    if (this.versions.get(uri) === version) return;
    this.versions.set(uri, version);
    this.client.call('setDocument', uri, model.getValue(), version).catch(reportError);
  }

  watch(model: monaco.editor.ITextModel): monaco.IDisposable {
    const uri = model.uri.toString();
    this.ensure(model);
    const changes = model.onDidChangeContent(() => this.ensure(model));
    const disposal = model.onWillDispose(() => {
      this.versions.delete(uri);
      this.client.call('removeDocument', uri).catch(reportError);
    });
    return { dispose: () => (changes.dispose(), disposal.dispose()) };
  }
}

function reportError(error: unknown): void {
  console.error(error);
}

/** Monaco's LanguageConfiguration from the shared grammar/language-configuration.json (regexes are strings there). */
function toLanguageConfiguration(json: typeof languageConfiguration): monaco.languages.LanguageConfiguration {
  return {
    comments: json.comments,
    brackets: json.brackets as [string, string][],
    autoClosingPairs: json.autoClosingPairs,
    surroundingPairs: json.surroundingPairs.map(([open, close]) => ({ open: open!, close: close! })),
    colorizedBracketPairs: json.colorizedBracketPairs as [string, string][],
    wordPattern: new RegExp(json.wordPattern),
    indentationRules: {
      increaseIndentPattern: new RegExp(json.indentationRules.increaseIndentPattern),
      decreaseIndentPattern: new RegExp(json.indentationRules.decreaseIndentPattern),
    },
  };
}

// Semantic tokens. The records make the compiler insist on one entry per type the service can send.
const TOKEN_TYPE_INDEX: Record<SemanticTokenType, number> = {
  keyword: 0,
  method: 1,
  function: 2,
  variable: 3,
  parameter: 4,
  property: 5,
  type: 6,
  number: 7,
  string: 8,
  comment: 9,
  operator: 10,
};
// `readonly` first: Monaco styles `type.mod1.mod2` by prefix, so `variable.readonly` rules match every model name.
const TOKEN_MODIFIER_BIT: Record<'readonly' | 'declaration' | 'defaultLibrary', number> = {
  readonly: 1,
  declaration: 2,
  defaultLibrary: 4,
};

export const SEMANTIC_LEGEND: monaco.languages.SemanticTokensLegend = {
  tokenTypes: Object.entries(TOKEN_TYPE_INDEX)
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => name),
  tokenModifiers: Object.entries(TOKEN_MODIFIER_BIT)
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => name),
};

/** Colours for the service's semantic token types, on top of Monaco's light theme. */
export const THEME: monaco.editor.IStandaloneThemeData = {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'keyword', foreground: '7a3e9d', fontStyle: 'bold' },
    { token: 'method', foreground: '1f5fbf' },
    { token: 'function', foreground: '0f7b8a' },
    { token: 'variable', foreground: '23272f' },
    { token: 'variable.readonly', foreground: 'a3410f' },
    { token: 'parameter', foreground: '9a5b00' },
    { token: 'property', foreground: '6b4f9e' },
    { token: 'type', foreground: '117a55' },
    { token: 'number', foreground: '0b7d3e' },
    { token: 'string', foreground: 'b3261e' },
    { token: 'comment', foreground: '6a737d', fontStyle: 'italic' },
    { token: 'operator', foreground: '7a3e9d' },
  ],
  colors: {
    'editor.background': '#fcfcfd',
    'editorLineNumber.foreground': '#9aa3ad',
  },
};

const COMPLETION_KIND: Record<CompletionKind, monaco.languages.CompletionItemKind> = {
  method: monaco.languages.CompletionItemKind.Function,
  'keyword-argument': monaco.languages.CompletionItemKind.Property,
  block: monaco.languages.CompletionItemKind.EnumMember,
  class: monaco.languages.CompletionItemKind.Class,
  component: monaco.languages.CompletionItemKind.Module,
  architecture: monaco.languages.CompletionItemKind.Struct,
  space: monaco.languages.CompletionItemKind.TypeParameter,
  'model-path': monaco.languages.CompletionItemKind.File,
  name: monaco.languages.CompletionItemKind.Variable,
  reference: monaco.languages.CompletionItemKind.Reference,
  statement: monaco.languages.CompletionItemKind.Keyword,
  value: monaco.languages.CompletionItemKind.Value,
};

const SYMBOL_KIND: Record<SymbolKind, monaco.languages.SymbolKind> = {
  model: monaco.languages.SymbolKind.File,
  param: monaco.languages.SymbolKind.TypeParameter,
  let: monaco.languages.SymbolKind.Variable,
  output: monaco.languages.SymbolKind.Event,
  'legacy-line': monaco.languages.SymbolKind.Field,
};

/** `MECHA3001`, as the command line prints it. */
export function diagnosticCode(diagnostic: Diagnostic): string {
  return `MECHA${diagnostic.code}`;
}

export function diagnosticToMarker(model: monaco.editor.ITextModel, diagnostic: Diagnostic): monaco.editor.IMarkerData {
  const severity =
    diagnostic.severity === 'error'
      ? monaco.MarkerSeverity.Error
      : diagnostic.severity === 'warning'
        ? monaco.MarkerSeverity.Warning
        : monaco.MarkerSeverity.Info;
  return {
    ...visibleRange(model, diagnostic.span),
    severity,
    message: diagnostic.help === undefined ? diagnostic.message : `${diagnostic.message}\n${diagnostic.help}`,
    code: diagnosticCode(diagnostic),
    source: 'mecha',
    tags: diagnostic.id === 'unused-binding' ? [monaco.MarkerTag.Unnecessary] : [],
  };
}

/** A provider's answer is dropped if the text changed while the worker was computing it. */
function isCurrent(model: monaco.editor.ITextModel, version: number): boolean {
  return !model.isDisposed() && model.getVersionId() === version;
}

function toCompletion(
  model: monaco.editor.ITextModel,
  position: monaco.Position,
  item: CompletionItem,
): monaco.languages.CompletionItem {
  const word = model.getWordUntilPosition(position);
  let range: monaco.languages.CompletionItem['range'] = new monaco.Range(
    position.lineNumber,
    word.startColumn,
    position.lineNumber,
    position.column,
  );
  if (item.replace !== undefined) {
    const replace = spanToRange(model, item.replace);
    const onLine = replace.startLineNumber === position.lineNumber && replace.endLineNumber === position.lineNumber;
    if (onLine && replace.startColumn <= position.column && position.column <= replace.endColumn) {
      range = {
        insert: new monaco.Range(position.lineNumber, replace.startColumn, position.lineNumber, position.column),
        replace: new monaco.Range(position.lineNumber, replace.startColumn, position.lineNumber, replace.endColumn),
      };
    }
  }
  const insertText = item.insertText ?? item.label;
  return {
    label: item.label,
    kind: COMPLETION_KIND[item.kind],
    detail: item.detail,
    documentation: item.documentation === undefined ? undefined : { value: item.documentation },
    insertText,
    filterText: insertText,
    sortText: item.sortText,
    range,
    // After `alpha=` a value is next: open the list again, as typing `=` would have.
    command: insertText.endsWith('=') ? { id: 'editor.action.triggerSuggest', title: 'Suggest' } : undefined,
  };
}

function toLocations(model: monaco.editor.ITextModel, locations: readonly Location[]): monaco.languages.Location[] {
  const out: monaco.languages.Location[] = [];
  for (const location of locations) {
    const target =
      location.uri === model.uri.toString() ? model : monaco.editor.getModel(monaco.Uri.parse(location.uri));
    if (target === null) continue;
    out.push({ uri: target.uri, range: spanToRange(target, location.span) });
  }
  return out;
}

/** Registers the language, its configuration, colours and every provider, all backed by the service. */
export function registerMecha(client: ServiceClient, sync: DocumentSync): monaco.IDisposable {
  monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.mecha'], aliases: ['mecha', 'Mecha recipe'] });
  monaco.editor.defineTheme('mecha-light', THEME);
  const uriOf = (model: monaco.editor.ITextModel): string => model.uri.toString();
  const disposables: monaco.IDisposable[] = [];

  disposables.push(
    monaco.languages.setLanguageConfiguration(LANGUAGE_ID, toLanguageConfiguration(languageConfiguration)),
  );

  disposables.push(
    monaco.languages.registerDocumentSemanticTokensProvider(LANGUAGE_ID, {
      getLegend: () => SEMANTIC_LEGEND,
      async provideDocumentSemanticTokens(model) {
        sync.ensure(model);
        const version = model.getVersionId();
        const tokens = await client.call('semanticTokens', uriOf(model));
        if (!isCurrent(model, version)) return null;
        return { data: encodeSemanticTokens(model, tokens) };
      },
      releaseDocumentSemanticTokens() {},
    }),
  );

  disposables.push(
    monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
      triggerCharacters: ['.', '(', ',', '"', '=', ' '],
      async provideCompletionItems(model, position) {
        sync.ensure(model);
        const version = model.getVersionId();
        const items = await client.call('completions', uriOf(model), model.getOffsetAt(position));
        if (!isCurrent(model, version)) return { suggestions: [], incomplete: true };
        return { suggestions: items.map((item) => toCompletion(model, position, item)) };
      },
    }),
  );

  disposables.push(
    monaco.languages.registerHoverProvider(LANGUAGE_ID, {
      async provideHover(model, position) {
        sync.ensure(model);
        const version = model.getVersionId();
        const hover = await client.call('hover', uriOf(model), model.getOffsetAt(position));
        if (hover === undefined || !isCurrent(model, version)) return null;
        return { range: spanToRange(model, hover.span), contents: [{ value: hover.markdown }] };
      },
    }),
  );

  disposables.push(
    monaco.languages.registerDefinitionProvider(LANGUAGE_ID, {
      async provideDefinition(model, position) {
        sync.ensure(model);
        const version = model.getVersionId();
        const locations = await client.call('definition', uriOf(model), model.getOffsetAt(position));
        return isCurrent(model, version) ? toLocations(model, locations) : [];
      },
    }),
  );

  disposables.push(
    monaco.languages.registerReferenceProvider(LANGUAGE_ID, {
      async provideReferences(model, position, context) {
        sync.ensure(model);
        const version = model.getVersionId();
        const locations = await client.call(
          'references',
          uriOf(model),
          model.getOffsetAt(position),
          context.includeDeclaration,
        );
        return isCurrent(model, version) ? toLocations(model, locations) : [];
      },
    }),
  );

  disposables.push(
    monaco.languages.registerRenameProvider(LANGUAGE_ID, {
      async resolveRenameLocation(model, position) {
        sync.ensure(model);
        const span = await client.call('prepareRename', uriOf(model), model.getOffsetAt(position));
        if (span === undefined)
          return { range: new monaco.Range(1, 1, 1, 1), text: '', rejectReason: 'This cannot be renamed.' };
        return { range: spanToRange(model, span), text: model.getValue().slice(span.start, span.end) };
      },
      async provideRenameEdits(model, position, newName) {
        sync.ensure(model);
        const version = model.getVersionId();
        const result = await client.call('rename', uriOf(model), model.getOffsetAt(position), newName);
        if ('error' in result) return { edits: [], rejectReason: result.error };
        if (!isCurrent(model, version)) return { edits: [], rejectReason: 'The text changed; try again.' };
        return {
          edits: toLocations(model, result.edits).map((location) => ({
            resource: location.uri,
            textEdit: { range: location.range, text: result.newText },
            versionId: version,
          })),
        };
      },
    }),
  );

  disposables.push(
    monaco.languages.registerDocumentSymbolProvider(LANGUAGE_ID, {
      async provideDocumentSymbols(model) {
        sync.ensure(model);
        const version = model.getVersionId();
        const symbols = await client.call('documentSymbols', uriOf(model));
        if (!isCurrent(model, version)) return [];
        return symbols.map((symbol) => ({
          name: symbol.name,
          detail: symbol.detail ?? '',
          kind: SYMBOL_KIND[symbol.kind],
          tags: [],
          range: spanToRange(model, symbol.span),
          selectionRange: spanToRange(model, symbol.selectionSpan),
        }));
      },
    }),
  );

  disposables.push(
    monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
      displayName: 'mecha fmt',
      async provideDocumentFormattingEdits(model) {
        return formattingEdits(client, sync, model);
      },
    }),
  );

  disposables.push(
    monaco.languages.registerCodeActionProvider(
      LANGUAGE_ID,
      {
        async provideCodeActions(model, range, context) {
          sync.ensure(model);
          const version = model.getVersionId();
          const actions = await client.call('codeActions', uriOf(model), rangeToSpan(model, range));
          if (!isCurrent(model, version)) return { actions: [], dispose() {} };
          return {
            actions: actions.map((action) => {
              const fixed = action.diagnostic;
              const markers =
                fixed === undefined
                  ? undefined
                  : context.markers.filter((marker) => {
                      const expected = visibleRange(model, fixed.span);
                      return marker.code === diagnosticCode(fixed) && monaco.Range.equalsRange(marker, expected);
                    });
              return {
                title: action.title,
                kind: action.kind,
                isPreferred: action.preferred ?? false,
                diagnostics: markers,
                edit: {
                  edits: action.edits.map((edit) => ({
                    resource: model.uri,
                    textEdit: { range: spanToRange(model, edit.span), text: edit.newText },
                    versionId: version,
                  })),
                },
              };
            }),
            dispose() {},
          };
        },
      },
      { providedCodeActionKinds: ['quickfix', 'refactor'] },
    ),
  );

  return { dispose: () => disposables.forEach((d) => d.dispose()) };
}

/** The service's formatting edits as Monaco edits (empty when the text is formatted or has syntax errors). */
export async function formattingEdits(
  client: ServiceClient,
  sync: DocumentSync,
  model: monaco.editor.ITextModel,
): Promise<monaco.languages.TextEdit[]> {
  sync.ensure(model);
  const version = model.getVersionId();
  const edits = await client.call('format', model.uri.toString());
  if (!isCurrent(model, version)) return [];
  return edits.map((edit) => ({ range: spanToRange(model, edit.span), text: edit.newText }));
}

/**
 * Monaco's relative encoding (line delta, start delta, length, type, modifiers), one entry per line a token
 * covers; tokens that overlap an earlier one are dropped, as Monaco requires.
 */
function encodeSemanticTokens(
  model: monaco.editor.ITextModel,
  tokens: readonly { span: { start: number; end: number }; type: SemanticTokenType; modifiers: readonly string[] }[],
): Uint32Array {
  const sorted = [...tokens].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const data: number[] = [];
  let previousLine = 0;
  let previousChar = 0;
  let covered = 0;
  const textLength = model.getValueLength();
  for (const token of sorted) {
    const type = TOKEN_TYPE_INDEX[token.type];
    if (type === undefined || token.span.start < covered) continue;
    let modifiers = 0;
    for (const modifier of token.modifiers)
      modifiers |= TOKEN_MODIFIER_BIT[modifier as keyof typeof TOKEN_MODIFIER_BIT] ?? 0;
    let start = token.span.start;
    const end = Math.min(token.span.end, textLength);
    while (start < end) {
      const position = model.getPositionAt(start);
      const line = position.lineNumber - 1;
      const char = position.column - 1;
      const lineEnd = model.getOffsetAt({
        lineNumber: position.lineNumber,
        column: model.getLineMaxColumn(position.lineNumber),
      });
      const pieceEnd = Math.min(end, lineEnd);
      if (pieceEnd > start) {
        data.push(
          line - previousLine,
          line === previousLine ? char - previousChar : char,
          pieceEnd - start,
          type,
          modifiers,
        );
        previousLine = line;
        previousChar = char;
      }
      if (position.lineNumber >= model.getLineCount()) break;
      start = Math.max(pieceEnd, model.getOffsetAt({ lineNumber: position.lineNumber + 1, column: 1 }));
    }
    covered = token.span.end;
  }
  return new Uint32Array(data);
}
