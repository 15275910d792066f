import type { Diagnostic, TextEdit } from '../diagnostics/diagnostic.js';
import type { Span } from '../text/span.js';
import type { ModelHeader, ModelHeaderError } from '../typecheck/host.js';

/**
 * The language service: everything the editor, the language server and the playground ask about a recipe, in
 * plain data with UTF-16 offsets (the LSP layer alone converts to and from line/character positions). It does no
 * I/O: a host hands it texts and model headers.
 */

/** What the service may ask of its surroundings; every member is optional. */
export interface ServiceHost {
  /**
   * The header of the model a recipe names, as the checker asks for it (CLI: the models directories). Asked on every
   * check, that is once per edited text for each model path in it, so the host should cache headers (and drop them
   * when the files change).
   */
  readModelHeader?(path: string): ModelHeader | ModelHeaderError;
  /**
   * Model files available in the models directories, for completing paths (without `.safetensors`). Asked on each
   * path completion and model hover, so a host that scans directories should cache the answer.
   */
  listModels?(): readonly ModelEntry[];
}

export interface ModelEntry {
  /** As a recipe would write it: relative to a models directory, without `.safetensors`. */
  readonly path: string;
  /** Size in bytes, when known (shown on hover and in completion details). */
  readonly size?: number;
}

export type CompletionKind =
  | 'method'
  | 'keyword-argument'
  | 'block'
  | 'class'
  | 'component'
  | 'architecture'
  | 'space'
  | 'model-path'
  | 'name'
  | 'reference'
  | 'statement'
  | 'value';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line shown beside the label: a signature, a type, a default. */
  readonly detail?: string;
  /** Markdown shown in the completion's documentation pane. */
  readonly documentation?: string;
  /** Text inserted (defaults to the label); may end with `=` for keyword arguments. */
  readonly insertText?: string;
  /** The span the insertion replaces (the word being typed). */
  readonly replace?: Span;
  readonly sortText?: string;
}

export interface Hover {
  readonly span: Span;
  readonly markdown: string;
}

/** A place in a document (definitions, references). */
export interface Location {
  readonly uri: string;
  readonly span: Span;
}

export type SymbolKind = 'model' | 'param' | 'let' | 'output' | 'legacy-line';

export interface DocumentSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  /** A type or a method, shown beside the name. */
  readonly detail?: string;
  readonly span: Span;
  readonly selectionSpan: Span;
}

export type SemanticTokenType =
  | 'keyword'
  | 'method'
  | 'function'
  | 'variable'
  | 'parameter'
  | 'property'
  | 'type'
  | 'number'
  | 'string'
  | 'comment'
  | 'operator';

export interface SemanticToken {
  readonly span: Span;
  readonly type: SemanticTokenType;
  /** `declaration` where a name is bound, `readonly` for models. */
  readonly modifiers: readonly ('declaration' | 'readonly' | 'defaultLibrary')[];
}

export interface CodeAction {
  readonly title: string;
  readonly kind: 'quickfix' | 'refactor';
  readonly edits: readonly TextEdit[];
  /** The diagnostic it fixes, for quick fixes. */
  readonly diagnostic?: Diagnostic;
  /** Preferred fixes are applied by "fix all" and shown first. */
  readonly preferred?: boolean;
}

export type RenameResult = { readonly edits: readonly Location[]; readonly newText: string } | { readonly error: string };

/** The recipe as a graph, for the playground's drawing: models -> methods -> output. */
export interface RecipeView {
  readonly nodes: readonly {
    readonly id: number;
    readonly kind: 'model' | 'param' | 'merge' | 'hyper' | 'literal' | 'output';
    readonly label: string;
    /** `sd1 weight`, `sdxl delta`, when inferred. */
    readonly type?: string;
    readonly span: Span;
  }[];
  readonly edges: readonly { readonly from: number; readonly to: number; readonly label?: string }[];
}

/**
 * Every request answers for the document's current text, never throws on any text, and returns spans inside it.
 * Requests for a document the service does not hold answer with nothing (an empty list, undefined, an error).
 */
export interface LanguageService {
  /** Adds or replaces a document; later requests for `uri` see this text. Cheap: work is done lazily per request. */
  setDocument(uri: string, text: string, version?: number): void;
  removeDocument(uri: string): void;
  /**
   * The host's answers may have changed (models directories, files on disk): every document is checked again on
   * its next request, while what depends on its text alone (the parse) is kept.
   */
  hostChanged(): void;
  getText(uri: string): string | undefined;

  diagnostics(uri: string): readonly Diagnostic[];
  completions(uri: string, offset: number): readonly CompletionItem[];
  hover(uri: string, offset: number): Hover | undefined;
  definition(uri: string, offset: number): readonly Location[];
  references(uri: string, offset: number, includeDeclaration: boolean): readonly Location[];
  /** The span of the name a rename at `offset` would change, or undefined when nothing there can be renamed. */
  prepareRename(uri: string, offset: number): Span | undefined;
  rename(uri: string, offset: number, newName: string): RenameResult;
  documentSymbols(uri: string): readonly DocumentSymbol[];
  /** Edits that format the whole document (empty when it is formatted or has syntax errors). */
  format(uri: string): readonly TextEdit[];
  semanticTokens(uri: string): readonly SemanticToken[];
  codeActions(uri: string, span: Span): readonly CodeAction[];
  recipeView(uri: string): RecipeView | undefined;
}
