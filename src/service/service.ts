import type { Diagnostic, TextEdit } from '../diagnostics/diagnostic.js';
import type { Registry } from '../registry/registry.js';
import type { Span } from '../text/span.js';
import type { CheckHost } from '../typecheck/host.js';
import type {
  CodeAction,
  CompletionItem,
  DocumentSymbol,
  Hover,
  LanguageService,
  Location,
  RecipeView,
  RenameResult,
  SemanticToken,
  ServiceHost,
} from './api.js';
import { Catalog } from './catalog.js';
import { codeActions } from './code-actions.js';
import { completions } from './completion.js';
import { definition, references } from './definition.js';
import { DocumentState, type ServiceContext } from './document-state.js';
import { formatEdits } from './formatting.js';
import { hover } from './hover.js';
import { recipeView } from './recipe-view.js';
import { prepareRename, rename } from './rename.js';
import { semanticTokens } from './semantic-tokens.js';
import { documentSymbols } from './symbols.js';

export interface LanguageServiceOptions {
  readonly registry: Registry;
  readonly host?: ServiceHost;
}

/**
 * The language service: one per editor session, browser worker or CLI run. It holds the open documents and,
 * per document, what was computed from its current text; every feature is a function of that state. Requests
 * for a document it does not have answer with nothing.
 */
export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const host = options.host;
  const readModelHeader = host?.readModelHeader?.bind(host);
  const checkHost: CheckHost | undefined = readModelHeader ? { readModelHeader } : undefined;
  const context: ServiceContext = {
    registry: options.registry,
    host,
    checkHost,
    catalog: new Catalog(options.registry),
  };
  const documents = new Map<string, DocumentState>();

  const on = <T>(uri: string, empty: T, run: (state: DocumentState) => T): T => {
    const state = documents.get(uri);
    return state ? run(state) : empty;
  };
  const clamp = (state: DocumentState, offset: number) =>
    Math.max(0, Math.min(Math.floor(offset) || 0, state.text.length));

  return {
    setDocument(uri: string, text: string, version?: number): void {
      const previous = documents.get(uri);
      if (previous && previous.text === text && previous.version === version) return;
      documents.set(uri, new DocumentState(uri, text, version, context, previous?.reusable(), previous?.suggestions));
    },
    removeDocument(uri: string): void {
      documents.delete(uri);
    },
    hostChanged(): void {
      for (const [uri, state] of documents) {
        documents.set(uri, new DocumentState(uri, state.text, state.version, context, state.reusable(), state.suggestions));
      }
    },
    getText: (uri: string) => documents.get(uri)?.text,
    diagnostics: (uri: string): readonly Diagnostic[] => on(uri, [], (s) => s.diagnostics),
    completions: (uri: string, offset: number): readonly CompletionItem[] =>
      on(uri, [], (s) => completions(s, clamp(s, offset))),
    hover: (uri: string, offset: number): Hover | undefined => on(uri, undefined, (s) => hover(s, clamp(s, offset))),
    definition: (uri: string, offset: number): readonly Location[] =>
      on(uri, [], (s) => definition(s, clamp(s, offset))),
    references: (uri: string, offset: number, includeDeclaration: boolean): readonly Location[] =>
      on(uri, [], (s) => references(s, clamp(s, offset), includeDeclaration)),
    prepareRename: (uri: string, offset: number): Span | undefined =>
      on(uri, undefined, (s) => prepareRename(s, clamp(s, offset))),
    rename: (uri: string, offset: number, newName: string): RenameResult =>
      on<RenameResult>(uri, { error: `no open document ${uri}` }, (s) => rename(s, clamp(s, offset), newName)),
    documentSymbols: (uri: string): readonly DocumentSymbol[] =>
      on(uri, [], (s) => s.memo('symbols', () => documentSymbols(s))),
    format: (uri: string): readonly TextEdit[] => on(uri, [], (s) => s.memo('format', () => formatEdits(s))),
    semanticTokens: (uri: string): readonly SemanticToken[] =>
      on(uri, [], (s) => s.memo('semantic-tokens', () => semanticTokens(s))),
    codeActions: (uri: string, span: Span): readonly CodeAction[] => on(uri, [], (s) => codeActions(s, span)),
    recipeView: (uri: string): RecipeView | undefined =>
      on(uri, undefined, (s) => s.memo('recipe-view', () => recipeView(s))),
  };
}
