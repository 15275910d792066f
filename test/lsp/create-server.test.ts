import { afterEach, describe, expect, test } from 'vitest';
import { createConnection, type InitializeResult } from 'vscode-languageserver';
import { createProtocolConnection } from 'vscode-languageserver-protocol/node';
import { createServer, TRIGGER_CHARACTERS, type ServerEnvironment } from '../../lsp/server.js';
import type { Settings } from '../../lsp/settings.js';
import { createFakeService, type FakeService } from './fake-service.js';
import { cursor, inMemoryPair, type ClientOptions, type TestClient } from './lsp-client.js';

// The server over an in-memory connection, with a test double for the service: what the LSP layer does itself
// (conversions, debouncing, settings, errors), whatever the real service answers.

const URI = 'file:///recipes/r.mecha';

interface Harness {
  client: TestClient;
  service: FakeService;
  configured: { settings: Settings; folders: readonly string[] }[];
  entered: string[];
  exits: number[];
}

const open: TestClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) client.dispose();
});

function start(options: ClientOptions = {}, diagnosticsDelay = 20): Harness {
  const { client, reader, writer } = inMemoryPair(options);
  open.push(client);
  const service = createFakeService();
  const configured: Harness['configured'] = [];
  const entered: string[] = [];
  const exits: number[] = [];
  // The real Node watchdog exits the process on `exit`; here it only records the code.
  const connection = createConnection((logger) => createProtocolConnection(reader, writer, logger), {
    shutdownReceived: false,
    initialize: () => undefined,
    exit: (code) => void exits.push(code),
  });
  const environment: ServerEnvironment = {
    configure: (settings, folders) => void configured.push({ settings, folders }),
    enter: (uri) => void entered.push(uri),
  };
  createServer(connection, service, { environment, diagnosticsDelay });
  return { client, service, configured, entered, exits };
}

describe('createServer', () => {
  test('initialize announces every feature', async () => {
    const { client } = start();
    const { capabilities, serverInfo } = await client.initialize();
    expect(serverInfo?.name).toBe('mecha');
    expect(capabilities.textDocumentSync).toEqual({ openClose: true, change: 2 });
    expect(capabilities.completionProvider?.triggerCharacters).toEqual(['.', '(', ',', '"', '=', '&', ' ']);
    expect(capabilities.completionProvider?.triggerCharacters).toEqual(TRIGGER_CHARACTERS);
    expect(capabilities.renameProvider).toEqual({ prepareProvider: true });
    expect(capabilities.semanticTokensProvider?.legend.tokenTypes).toContain('keyword');
    expect(capabilities.semanticTokensProvider?.full).toBe(true);
    expect(capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix', 'refactor'] });
    for (const feature of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'documentFormattingProvider'] as const) {
      expect(capabilities[feature]).toBe(true);
    }
  });

  test('opening a document publishes its diagnostics with the version, code, range and help', async () => {
    const { client, entered } = start();
    await client.initialize();
    await client.open(URI, 'let a = 1\nlet b = typo\n', 3);
    const published = await client.diagnostics(URI);
    expect(published.version).toBe(3);
    expect(published.diagnostics).toEqual([
      {
        range: { start: { line: 1, character: 8 }, end: { line: 1, character: 12 } },
        severity: 1,
        code: 'MECHA2001',
        source: 'mecha',
        message: "cannot find name 'typo'\ndid you mean 'type'?",
        data: { id: 'undefined-name' },
      },
    ]);
    expect(entered).toContain(URI);
  });

  test('quick edits are debounced: one check, for the last version only', async () => {
    // A delay long enough that the three notifications surely arrive within it, even on a loaded machine.
    const { client, service } = start({}, 400);
    await client.initialize();
    await client.open(URI, 'typo\n', 1);
    await client.change(URI, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x ' }]);
    await client.change(URI, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, text: 'let ' }]);
    const published = await client.diagnostics(URI);
    expect(published.version).toBe(3);
    // Incremental changes were applied to the text the service sees.
    expect(service.getText(URI)).toBe('let typo\n');
    expect(published.diagnostics[0]!.range.start).toEqual({ line: 0, character: 4 });
    await new Promise((r) => setTimeout(r, 450));
    expect(client.published.filter((p) => p.uri === URI)).toHaveLength(1);
    expect(service.calls.filter((c) => c.method === 'diagnostics')).toHaveLength(1);
  });

  test('closing a document clears its diagnostics and drops it from the service', async () => {
    const { client, service } = start();
    await client.initialize();
    await client.open(URI, 'typo', 1);
    await client.diagnostics(URI, (p) => p.diagnostics.length === 1);
    await client.notify('textDocument/didClose', { textDocument: { uri: URI } });
    await client.diagnostics(URI, (p) => p.diagnostics.length === 0);
    expect(service.getText(URI)).toBeUndefined();
    await expect(client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 1 } })).rejects.toMatchObject({
      code: -32602,
      message: `the document ${URI} is not open`,
    });
  });

  test('completion at a position after a surrogate pair replaces the word being typed', async () => {
    const { client, service } = start();
    await client.initialize();
    const { text, offset, position } = cursor('# 🎨 art\r\nlet x = 😀 weig<|>');
    await client.open(URI, text);
    const items = await client.request<{ label: string; kind: number; textEdit?: unknown; insertText?: string; documentation?: unknown }[]>(
      'textDocument/completion',
      { textDocument: { uri: URI }, position },
    );
    expect(position).toEqual({ line: 1, character: 15 });
    expect(service.calls.find((c) => c.method === 'completions')?.at).toBe(offset);
    expect(items[0]).toEqual({
      label: 'weighted_sum',
      kind: 3,
      detail: '(a, b, alpha=0.5) -> weight',
      documentation: { kind: 'markdown', value: 'Interpolates *linearly*.' },
      textEdit: { range: { start: { line: 1, character: 11 }, end: { line: 1, character: 15 } }, newText: 'weighted_sum' },
    });
    expect(items[1]).toEqual({ label: 'alpha', kind: 10, insertText: 'alpha=' });
  });

  test('hover, definition, references and symbols come back as ranges', async () => {
    const { client } = start();
    await client.initialize();
    await client.open(URI, 'let base = 1\r\nlet out = base\r\n');
    const at = { textDocument: { uri: URI }, position: { line: 1, character: 12 } };
    expect(await client.request('textDocument/hover', at)).toEqual({
      contents: { kind: 'markdown', value: '**base**' },
      range: { start: { line: 1, character: 10 }, end: { line: 1, character: 14 } },
    });
    expect(await client.request('textDocument/definition', at)).toEqual([
      { uri: URI, range: { start: { line: 0, character: 4 }, end: { line: 0, character: 8 } } },
    ]);
    expect(await client.request('textDocument/references', { ...at, context: { includeDeclaration: false } })).toEqual([
      { uri: URI, range: { start: { line: 1, character: 10 }, end: { line: 1, character: 14 } } },
    ]);
    const symbols = await client.request<{ name: string; kind: number; range: unknown; selectionRange: unknown; detail: string }[]>(
      'textDocument/documentSymbol',
      { textDocument: { uri: URI } },
    );
    expect(symbols.map((s) => s.name)).toEqual(['base', 'out']);
    expect(symbols[1]).toEqual({
      name: 'out',
      kind: 13,
      detail: 'sd1 weight',
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } },
      selectionRange: { start: { line: 1, character: 4 }, end: { line: 1, character: 7 } },
    });
  });

  test('rename: prepare gives the range, rename the edits, and a refused name an error message', async () => {
    const { client } = start();
    await client.initialize();
    await client.open(URI, 'let base = 1\nlet out = base\n');
    const at = { textDocument: { uri: URI }, position: { line: 0, character: 5 } };
    expect(await client.request('textDocument/prepareRename', at)).toEqual({
      start: { line: 0, character: 4 },
      end: { line: 0, character: 8 },
    });
    expect(await client.request('textDocument/prepareRename', { ...at, position: { line: 0, character: 9 } })).toBeNull();
    const edit = await client.request<{ changes: Record<string, { range: { start: { line: number } }; newText: string }[]> }>('textDocument/rename', {
      ...at,
      newName: 'v15',
    });
    expect(edit.changes[URI]!.map((e) => [e.range.start.line, e.newText])).toEqual([
      [0, 'v15'],
      [1, 'v15'],
    ]);
    await expect(client.request('textDocument/rename', { ...at, newName: '1bad' })).rejects.toThrow("'1bad' is not a valid name");
  });

  test('formatting returns the edits; semantic tokens are encoded relative, in document order', async () => {
    const { client } = start();
    await client.initialize();
    await client.open(URI, 'let a = 12  \nlet b = 3\n');
    expect(await client.request('textDocument/formatting', { textDocument: { uri: URI }, options: { tabSize: 2, insertSpaces: true } })).toEqual([
      { range: { start: { line: 0, character: 10 }, end: { line: 0, character: 12 } }, newText: '' },
    ]);
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: URI } });
    // keyword = 0, number = 7; readonly = bit 1.
    expect(tokens.data).toEqual([0, 0, 3, 0, 0, 0, 8, 2, 7, 2, 1, 0, 3, 0, 0, 0, 8, 1, 7, 2]);
  });

  test('code actions: the did-you-mean fix with its diagnostic and edit, filtered by the kinds asked for', async () => {
    const { client } = start();
    await client.initialize();
    await client.open(URI, 'let b = typo');
    const range = { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } };
    const all = await client.request<{ title: string; kind: string; isPreferred?: boolean; edit: unknown; diagnostics?: { code: string }[] }[]>(
      'textDocument/codeAction',
      { textDocument: { uri: URI }, range, context: { diagnostics: [] } },
    );
    expect(all.map((a) => a.kind)).toEqual(['quickfix', 'refactor']);
    expect(all[0]!.title).toBe("Change to 'type'");
    expect(all[0]!.isPreferred).toBe(true);
    expect(all[0]!.diagnostics?.[0]?.code).toBe('MECHA2001');
    expect(all[0]!.edit).toEqual({
      changes: { [URI]: [{ range: { start: { line: 0, character: 8 }, end: { line: 0, character: 12 } }, newText: 'type' }] },
    });
    const only = await client.request<{ kind: string }[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range,
      context: { diagnostics: [], only: ['refactor'] },
    });
    expect(only.map((a) => a.kind)).toEqual(['refactor']);
  });

  test('settings: from initializationOptions, pulled after initialized, pulled again on change; documents are checked again', async () => {
    let dirs = ['models'];
    const { client, configured, service } = start({ configuration: (section) => (section === 'mecha' ? { modelsDirs: dirs } : null) });
    await client.initialize({
      initializationOptions: { modelsDirs: '/opt/models' },
      workspaceFolders: [{ uri: 'file:///projects', name: 'projects' }],
    });
    expect(configured[0]).toEqual({ settings: { modelsDirs: ['/opt/models'] }, folders: ['file:///projects'] });
    await client.open(URI, 'typo');
    await expect.poll(() => configured.length, { timeout: 5000 }).toBe(2);
    expect(configured[1]!.settings.modelsDirs).toEqual(['models']);
    expect(client.registrations).toContain('workspace/didChangeConfiguration');

    const before = service.calls.filter((c) => c.method === 'hostChanged').length;
    dirs = ['a', 'b'];
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await expect.poll(() => configured.length, { timeout: 5000 }).toBe(3);
    expect(configured[2]!.settings.modelsDirs).toEqual(['a', 'b']);
    expect(service.calls.filter((c) => c.method === 'hostChanged').length).toBeGreaterThan(before);
  });

  test('a client with no mecha section keeps the settings given at initialize', async () => {
    const { client, configured } = start({ configuration: () => null });
    await client.initialize({ initializationOptions: { modelsDirs: ['/opt/models'] } });
    await expect.poll(() => configured.length, { timeout: 5000 }).toBe(2);
    expect(configured.map((c) => c.settings.modelsDirs)).toEqual([['/opt/models'], ['/opt/models']]);
  });

  test('settings pushed by a client without workspace/configuration', async () => {
    const { client, configured } = start();
    await client.initialize();
    await client.notify('workspace/didChangeConfiguration', { settings: { mecha: { modelsDirs: ['/m'] } } });
    await expect.poll(() => configured.at(-1)?.settings.modelsDirs, { timeout: 5000 }).toEqual(['/m']);
  });

  test('shutdown stops pending diagnostics; exit after shutdown reports 0', async () => {
    const { client, exits } = start({}, 2000);
    await client.initialize();
    await client.open(URI, 'typo');
    expect(await client.request('shutdown', null)).toBeNull();
    await client.notify('exit');
    await expect.poll(() => exits, { timeout: 5000 }).toEqual([0]);
    await new Promise((r) => setTimeout(r, 2100));
    expect(client.published).toEqual([]);
  });

  test('a request for a document that is not open is invalid params (-32602), naming the document', async () => {
    const { client } = start();
    const result: InitializeResult = await client.initialize();
    expect(result.capabilities.hoverProvider).toBe(true);
    await expect(
      client.request('textDocument/completion', { textDocument: { uri: 'file:///nope.mecha' }, position: { line: 0, character: 0 } }),
    ).rejects.toMatchObject({ code: -32602, message: 'the document file:///nope.mecha is not open' });
  });
});

describe('createServer: invalid params', () => {
  const doc = { textDocument: { uri: URI } };
  const at = { line: 0, character: 1 };
  // Each is answered -32602 with a message naming the faulty field; none may reach a handler and fail inside it.
  const cases: [string, string, unknown, RegExp][] = [
    ['null position', 'textDocument/hover', { ...doc, position: null }, /^position must be an object/],
    ['missing position', 'textDocument/completion', doc, /^position must be an object.*got nothing/],
    ['a string line', 'textDocument/definition', { ...doc, position: { line: '0', character: 1 } }, /^position\.line must be a whole number/],
    ['a fractional character', 'textDocument/hover', { ...doc, position: { line: 0, character: 1.5 } }, /^position\.character must be a whole number/],
    ['a negative line', 'textDocument/prepareRename', { ...doc, position: { line: -1, character: 0 } }, /^position\.line/],
    // The library answers a list itself (raw `"params": null` frames are sent in server.test.ts).
    ['params as a list', 'textDocument/documentSymbol', [1, 2], /defines parameters by name but received parameters by position/],
    ['no textDocument', 'textDocument/formatting', { options: {} }, /^textDocument must be an object/],
    ['a numeric uri', 'textDocument/semanticTokens/full', { textDocument: { uri: 42 } }, /^textDocument\.uri must be a non-empty string/],
    ['references without context', 'textDocument/references', { ...doc, position: at }, /^context must be an object with a boolean includeDeclaration/],
    ['rename without newName', 'textDocument/rename', { ...doc, position: at }, /^newName must be a string/],
    ['a code action without range', 'textDocument/codeAction', { ...doc, context: { diagnostics: [] } }, /^range must be an object/],
    ['a code action with a bad end', 'textDocument/codeAction', { ...doc, range: { start: at, end: null }, context: {} }, /^range\.end must be an object/],
    ['initialize with capabilities not an object', 'initialize', { processId: null, rootUri: null, capabilities: 'all' }, /^capabilities must be an object/],
    ['context.only not a list', 'textDocument/codeAction', { ...doc, range: { start: at, end: at }, context: { only: 'quickfix' } }, /^context\.only must be a list/],
  ];

  test.each(cases)('%s: -32602 with a message, and the server still answers', async (_, method, params, message) => {
    const { client } = start();
    await client.initialize();
    await client.open(URI, 'let typo = 1\n', 1);
    const error = await client.request(method, params).then(
      () => undefined,
      (e: { code: number; message: string }) => e,
    );
    expect(error, 'an error answer').toBeDefined();
    expect(error!.code).toBe(-32602);
    expect(error!.message).toMatch(message);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc, position: at });
    expect(hover.contents.value).toContain('let');
  });

  test('a position past the end of a line or of the text is clamped, as LSP asks, not refused', async () => {
    const { client } = start();
    await client.initialize();
    await client.open(URI, 'let typo = 1\n', 1);
    expect(await client.request('textDocument/hover', { ...doc, position: { line: 0, character: 999 } })).not.toBeUndefined();
    expect(await client.request('textDocument/definition', { ...doc, position: { line: 2 ** 31 - 1, character: 0 } })).toEqual(expect.any(Array));
  });

  test('malformed notifications are dropped; the server goes on answering', async () => {
    const { client } = start();
    await client.initialize();
    await client.notify('textDocument/didOpen', null);
    await client.notify('textDocument/didOpen', { textDocument: { uri: URI } });
    await client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: null });
    await client.notify('workspace/didChangeConfiguration', 'nonsense');
    await client.open(URI, 'let typo = 1\n', 1);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc, position: { line: 0, character: 1 } });
    expect(hover.contents.value).toContain('let');
  });
});
