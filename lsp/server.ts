import {
  CodeActionKind,
  DidChangeConfigurationNotification,
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

/** Characters after which the editor asks for completions unprompted. */
export const TRIGGER_CHARACTERS = ['.', '(', ',', '"', '=', '&', ' '];

/**
 * The language server: LSP requests in, language-service calls, LSP answers out. It holds no knowledge of the
 * language itself; the Node (stdio) and browser (worker) servers differ only in the connection and environment
 * they pass. Starts listening on the connection.
 */
export function createServer(connection: Connection, service: LanguageService, options: ServerOptions = {}): void {
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

  /** Runs a request about one document; null when the document is not open. */
  function about<T>(uri: string, answer: (index: LineIndex) => T): T | null {
    const index = indexOf(uri);
    if (index === undefined) return null;
    environment.enter?.(uri);
    return answer(index);
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
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
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

  connection.onCompletion(({ textDocument: { uri }, position }) =>
    about(uri, (index) => service.completions(uri, toOffset(index, position)).map((item) => toCompletionItem(index, item))),
  );

  connection.onHover(({ textDocument: { uri }, position }) =>
    about(uri, (index) => {
      const hover = service.hover(uri, toOffset(index, position));
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

  connection.onDefinition(({ textDocument: { uri }, position }) =>
    about(uri, (index) => locations(service.definition(uri, toOffset(index, position)))),
  );

  connection.onReferences(({ textDocument: { uri }, position, context }) =>
    about(uri, (index) => locations(service.references(uri, toOffset(index, position), context.includeDeclaration))),
  );

  connection.onPrepareRename(({ textDocument: { uri }, position }) =>
    about(uri, (index) => {
      const span = service.prepareRename(uri, toOffset(index, position));
      return span === undefined ? null : toRange(index, span);
    }),
  );

  connection.onRenameRequest(({ textDocument: { uri }, position, newName }) =>
    about(uri, (index): WorkspaceEdit => {
      const result = service.rename(uri, toOffset(index, position), newName);
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

  connection.onDocumentFormatting(({ textDocument: { uri } }) =>
    about(uri, (index) => service.format(uri).map((edit) => toTextEdit(index, edit))),
  );

  connection.onDocumentSymbol(({ textDocument: { uri } }) =>
    about(uri, (index) => service.documentSymbols(uri).map((symbol) => toDocumentSymbol(index, symbol))),
  );

  connection.languages.semanticTokens.on(({ textDocument: { uri } }) => ({
    data: about(uri, (index) => encodeSemanticTokens(index, service.semanticTokens(uri))) ?? [],
  }));

  connection.onCodeAction(({ textDocument: { uri }, range, context }) =>
    about(uri, (index) =>
      service
        .codeActions(uri, toSpan(index, range))
        .map((action) => toCodeAction(uri, index, action))
        .filter((action) => kindRequested(action.kind ?? '', context.only)),
    ),
  );

  connection.onShutdown(() => {
    shutDown = true;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
