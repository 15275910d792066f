import type { IToken } from 'chevrotain';
import type { Document } from '../ast/nodes.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { tokenize } from '../lexer/tokenize.js';
import { NameSuggestions } from '../graph/name-suggestions.js';
import type { Registry } from '../registry/registry.js';
import { LineIndex } from '../text/line-index.js';
import { check } from '../typecheck/check.js';
import type { CheckHost } from '../typecheck/host.js';
import type { CheckResult } from '../typecheck/types.js';
import type { ServiceHost } from './api.js';
import type { Catalog } from './catalog.js';
import { parseWhole, reparse, type ParsedText } from './incremental-parse.js';
import { SemanticIndex } from './semantic-index.js';

/** What every document of one service shares. */
export interface ServiceContext {
  readonly registry: Registry;
  readonly host: ServiceHost | undefined;
  /** The host as the checker asks it, when it can read headers. */
  readonly checkHost: CheckHost | undefined;
  readonly catalog: Catalog;
}

/**
 * One version of one document and everything computed from its text, each part on first request and then kept:
 * the parse (reusing the previous version's where the edit did not reach), the check, the line index, the tokens.
 * Every request on the same text shares them; a new text makes a new state.
 */
export class DocumentState {
  private parsedText: ParsedText | undefined;
  private checkResult: CheckResult | undefined;
  private index: SemanticIndex | undefined;
  private lineIndex: LineIndex | undefined;
  private tokenList: readonly IToken[] | undefined;
  private allDiagnostics: readonly Diagnostic[] | undefined;
  private readonly memos = new Map<string, unknown>();

  constructor(
    readonly uri: string,
    readonly text: string,
    readonly version: number | undefined,
    readonly context: ServiceContext,
    /** A parse of an earlier text of the document, to reuse. */
    private base: ParsedText | undefined,
    /** "Did you mean" answers for undefined names, kept from version to version of the document. */
    readonly suggestions: NameSuggestions = new NameSuggestions(),
  ) {}

  /** What the next version can reuse: this parse if it was made, else what this one would have reused. */
  reusable(): ParsedText | undefined {
    return this.parsedText ?? this.base;
  }

  get parsed(): ParsedText {
    if (!this.parsedText) {
      this.parsedText = this.base ? reparse(this.base, this.text) : parseWhole(this.text);
      this.base = undefined;
    }
    return this.parsedText;
  }

  get document(): Document {
    return this.parsed.result.document;
  }

  get checked(): CheckResult {
    this.checkResult ??= check(this.document, this.context.registry, this.context.checkHost, {
      text: this.text,
      suggestions: this.suggestions,
    });
    return this.checkResult;
  }

  /**
   * Lookups from offsets to names, uses, calls, lines and types, from the check's graph and types. (Building the
   * graph and inferring types is most of a check; the rules on top cost little, so completion does not skip them
   * only to have diagnostics redo the rest.)
   */
  get semantic(): SemanticIndex {
    this.index ??= new SemanticIndex(this.document, this.checked, this.text);
    return this.index;
  }

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  get tokens(): readonly IToken[] {
    this.tokenList ??= tokenize(this.text).tokens;
    return this.tokenList;
  }

  /** Syntax diagnostics, then the checker's, in one sorted list. */
  get diagnostics(): readonly Diagnostic[] {
    this.allDiagnostics ??= [...this.parsed.result.diagnostics, ...this.checked.diagnostics].sort(compareDiagnostics);
    return this.allDiagnostics;
  }

  get registry(): Registry {
    return this.context.registry;
  }

  /** A feature's answer that depends on the text alone (tokens, symbols, the v1 conversion), computed once. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }
}
