import {
  CodeActionKind,
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SemanticTokensRequest,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../src/service/api.js';
import { LineIndex } from '../src/text/line-index.js';
import { VERSION } from '../src/version.js';
import {
  SEMANTIC_TOKENS_LEGEND,
  encodeSemanticTokens,
  kindRequested,
  toCodeAction,
  toCompletionItem,
  toDocumentSymbol,
  toHover,
  toLocation,
  toLspDiagnostic,
  toOffset,
  toRange,
  toSpan,
  toTextEdit,
} from './convert.js';
import { documentUri, includeDeclaration, onlyKinds, paramsObject, position, range, stringField } from './params.js';
import { parseSettings, type Settings } from './settings.js';

/** What the server's surroundings add to the protocol: the Node server reads model files, the browser nothing. */
export interface ServerEnvironment {
  /** The settings changed (at initialize, then on every configuration change); `folders` are workspace folder URIs. */
  configure?(settings: Settings, folders: readonly string[]): void;
  /** The document the next service calls are about: its models are looked for relative to its folder. */
  enter?(uri: string): void;
}

export interface ServerOptions {
  readonly environment?: ServerEnvironment;
  /** Quiet time after the last edit before diagnostics are published, in milliseconds. */
  readonly diagnosticsDelay?: number;
}

/** What the server's surroundings may ask of it once it runs. */
export interface ServerState {
  /** Whether the client sent `shutdown`: a connection closed after it ends the process normally. */
  readonly shutDown: boolean;
}

/** Characters after which the editor asks for completions unprompted. */
export const TRIGGER_CHARACTERS = ['.', '(', ',', '"', '=', '&', ' '];

/**
 * The language server: LSP requests in, language-service calls, LSP answers out. It holds no knowledge of the
 * language itself; the Node (stdio) and browser (worker) servers differ only in the connection and environment
 * they pass. Starts listening on the connection.
 */
export function createServer(connection: Connection, service: LanguageService, options: ServerOptions = {}): ServerState {
  const environment = options.environment ?? {};
  const delay = options.diagnosticsDelay ?? 100;
  const documents = new TextDocuments(TextDocument);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const indexes = new Map<string, LineIndex>();
  let folders: readonly string[] = [];
  let initializationOptions: unknown;
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  let shutDown = false;

  /** The line index of the text the service holds for `uri`, rebuilt when that text changes. */
  function indexOf(uri: string): LineIndex | undefined {
    const text = service.getText(uri);
    if (text === undefined) return undefined;
    const cached = indexes.get(uri);
    if (cached !== undefined && cached.text === text) return cached;
    const index = new LineIndex(text);
    indexes.set(uri, index);
    return index;
  }

  /** Runs `answer` on an open document's lines; null when it is not open (diagnostics of one closed meanwhile). */
  function about<T>(uri: string, answer: (index: LineIndex) => T): T | null {
    const index = indexOf(uri);
    if (index === undefined) return null;
    environment.enter?.(uri);
    return answer(index);
  }

  /**
   * Runs a request about one document with its params checked first: `read` takes what the request needs from
   * them, and a document that is not open is invalid params too (-32602), as a malformed position is.
   */
  function request<P, T>(params: unknown, read: (params: unknown) => P, answer: (uri: string, index: LineIndex, fields: P) => T): T {
    const uri = documentUri(params);
    const fields = read(params);
    const index = indexOf(uri);
    if (index === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `the document ${uri} is not open`);
    environment.enter?.(uri);
    return answer(uri, index, fields);
  }

  function report(what: string, error: unknown): void {
    connection.console.error(`mecha: ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  // Diagnostics wait for a pause in typing, and are dropped if the document changed again meanwhile.
  function schedule(uri: string, version: number): void {
    clearTimeout(timers.get(uri));
    if (shutDown) return;
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        if (documents.get(uri)?.version !== version) return;
        try {
          const diagnostics = about(uri, (index) => service.diagnostics(uri).map((d) => toLspDiagnostic(index, d))) ?? [];
          void connection.sendDiagnostics({ uri, version, diagnostics });
        } catch (error) {
          report(`diagnostics of ${uri}`, error);
        }
      }, delay),
    );
  }

  function applySettings(raw: unknown): void {
    environment.configure?.(parseSettings(raw), folders);
  }

  /** After a settings change the same texts are checked again: their models may now be found, or no longer. */
  function recheckAll(): void {
    service.hostChanged();
    for (const document of documents.all()) schedule(document.uri, document.version);
  }

  async function pullSettings(): Promise<void> {
    const [section] = (await connection.workspace.getConfiguration([{ section: 'mecha' }])) as unknown[];
    // A client with no `mecha` section answers null: the settings given at initialize then stay in force.
    applySettings(section ?? initializationOptions);
    recheckAll();
  }

  connection.onInitialize((params): InitializeResult => {
    const capabilities = paramsObject(params)['capabilities'];
    if (typeof capabilities !== 'object' || capabilities === null) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'capabilities must be an object');
    }
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const workspaceFolders: unknown = params.workspaceFolders;
    folders = Array.isArray(workspaceFolders)
      ? workspaceFolders.flatMap((f: { uri?: unknown } | null) => (typeof f?.uri === 'string' ? [f.uri] : []))
      : typeof params.rootUri === 'string' && params.rootUri !== ''
        ? [params.rootUri]
        : [];
    // Editors without `workspace/configuration` (or before it answers) may pass the settings here.
    initializationOptions = params.initializationOptions;
    applySettings(initializationOptions);
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor] },
      },
      serverInfo: { name: 'mecha', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (canRegisterConfiguration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'mecha' }).catch((e) => report('registering for settings', e));
    }
    if (canPullConfiguration) pullSettings().catch((e) => report('reading settings', e));
  });

  connection.onDidChangeConfiguration((params) => {
    // A client that answers `workspace/configuration` is asked again; others push the settings in the notification.
    if (canPullConfiguration) {
      pullSettings().catch((e) => report('reading settings', e));
      return;
    }
    applySettings(params.settings);
    recheckAll();
  });

  documents.onDidChangeContent(({ document }) => {
    service.setDocument(document.uri, document.getText(), document.version);
    schedule(document.uri, document.version);
  });

  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    indexes.delete(document.uri);
    service.removeDocument(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  // Requests are registered with onRequest rather than onHover and its like: those read `params.workDoneToken`
  // before any handler runs, so `"params": null` failed there as an internal error instead of invalid params.
  connection.onRequest(CompletionRequest.type, (params) =>
    request(params, position, (uri, index, at) => service.completions(uri, toOffset(index, at)).map((item) => toCompletionItem(index, item))),
  );

  connection.onRequest(HoverRequest.type, (params) =>
    request(params, position, (uri, index, at) => {
      const hover = service.hover(uri, toOffset(index, at));
      return hover === undefined ? null : toHover(index, hover);
    }),
  );

  /** Locations may point into other documents: each is converted with its own document's lines. */
  function locations(found: readonly { uri: string; span: { start: number; end: number } }[]) {
    return found.flatMap((location) => {
      const index = indexOf(location.uri);
      return index === undefined ? [] : [toLocation(index, location)];
    });
  }

  connection.onRequest(DefinitionRequest.type, (params) =>
    request(params, position, (uri, index, at) => locations(service.definition(uri, toOffset(index, at)))),
  );

  connection.onRequest(ReferencesRequest.type, (params) =>
    request(
      params,
      (p) => ({ at: position(p), declaration: includeDeclaration(p) }),
      (uri, index, { at, declaration }) => locations(service.references(uri, toOffset(index, at), declaration)),
    ),
  );

  connection.onRequest(PrepareRenameRequest.type, (params) =>
    request(params, position, (uri, index, at) => {
      const span = service.prepareRename(uri, toOffset(index, at));
      return span === undefined ? null : toRange(index, span);
    }),
  );

  connection.onRequest(RenameRequest.type, (params) =>
    request(params, (p) => ({ at: position(p), newName: stringField(p, 'newName') }), (uri, index, { at, newName }): WorkspaceEdit => {
      const result = service.rename(uri, toOffset(index, at), newName);
      // The editor shows this message to the person renaming (a taken name, an invalid identifier).
      if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
      const changes: NonNullable<WorkspaceEdit['changes']> = {};
      for (const location of result.edits) {
        const target = indexOf(location.uri);
        if (target === undefined) continue;
        (changes[location.uri] ??= []).push(toTextEdit(target, { span: location.span, newText: result.newText }));
      }
      return { changes };
    }),
  );

  const nothingMore = (): undefined => undefined;

  connection.onRequest(DocumentFormattingRequest.type, (params) =>
    request(params, nothingMore, (uri, index) => service.format(uri).map((edit) => toTextEdit(index, edit))),
  );

  connection.onRequest(DocumentSymbolRequest.type, (params) =>
    request(params, nothingMore, (uri, index) => service.documentSymbols(uri).map((symbol) => toDocumentSymbol(index, symbol))),
  );

  connection.onRequest(SemanticTokensRequest.type, (params) =>
    request(params, nothingMore, (uri, index) => ({ data: encodeSemanticTokens(index, service.semanticTokens(uri)) })),
  );

  connection.onRequest(CodeActionRequest.type, (params) =>
    request(
      params,
      (p) => ({ selection: range(p), only: onlyKinds(p) }),
      (uri, index, { selection, only }) =>
        service
          .codeActions(uri, toSpan(index, selection))
          .map((action) => toCodeAction(uri, index, action))
          .filter((action) => kindRequested(action.kind ?? '', only)),
    ),
  );

  connection.onShutdown(() => {
    shutDown = true;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
  return {
    get shutDown() {
      return shutDown;
    },
  };
}
