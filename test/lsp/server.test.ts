import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CodeAction, CompletionItem, DocumentSymbol, Hover, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { SEMANTIC_TOKENS_LEGEND } from '../../lsp/convert.js';
import { formatText } from '../../src/format/format.js';
import { createRegistry } from '../../src/registry/registry.js';
import { LineIndex } from '../../src/text/line-index.js';
import { cursor, shutdownAndExit, spawnServer, type SpawnedServer } from './lsp-client.js';

// `mechac lsp --stdio` as an editor starts it, run from the sources (no build needed), spoken to over LSP: the real
// service and registry behind the server, models read from the fixtures through the `mecha.modelsDirs` setting.

const ROOT = join(import.meta.dirname, '..', '..');
const GOLDEN = join(ROOT, 'test', 'fixtures', 'golden');
const URI = pathToFileURL(join(ROOT, 'test', 'fixtures', 'lsp-recipe.mecha')).href;

// `weigted_sum` is a typo; the `<|>` marks where completion is asked for (and is not part of the text).
const MARKED = [
  'version 1',
  'model base = "sd1-tiny/models/a" : sd1', // the formatter aligns the `=`
  'model tuned = "sd1-tiny/models/b" : sd1',
  '',
  'let mix = weigted_sum(base, tuned, alpha=0.5)',
  'let out = weighted_sum(mix, tuned, alpha=blocks(sd1.unet, <|>in0=0.2))',
  '',
].join('\n');
const { text: TEXT, position: IN_BLOCKS } = cursor(MARKED);
const lines = new LineIndex(TEXT);
const at = (line: number, needle: string, nth = 0) => {
  let character = -1;
  for (let i = 0; i <= nth; i++) character = lines.lineText(line).indexOf(needle, character + 1);
  if (character < 0) throw new Error(`'${needle}' not on line ${line}`);
  return { line, character };
};
const doc = { textDocument: { uri: URI } };

let server: SpawnedServer;
/** What the client answers for `mecha.modelsDirs`. */
let modelsDirs = [GOLDEN];

beforeAll(async () => {
  server = spawnServer(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', "import { main } from './src/cli/main.ts'; await main(['node', 'mechac', 'lsp', '--stdio']);"],
    {
      cwd: ROOT,
      env: { ...process.env, MECHA_MODELS_DIR: '' },
      configuration: (section) => (section === 'mecha' ? { modelsDirs } : null),
    },
  );
  // Started from the sources through tsx: on a busy machine compiling them can take most of ten seconds.
  const { capabilities } = await server.client.initialize({ workspaceFolders: [{ uri: pathToFileURL(ROOT).href, name: 'mecha' }] }, 25_000);
  expect(capabilities.semanticTokensProvider?.legend).toEqual(SEMANTIC_TOKENS_LEGEND);
  await server.client.open(URI, TEXT);
}, 30_000);

afterAll(() => server?.kill());

describe('mechac lsp --stdio', () => {
  test('publishes the typo with its code and range; the models are found through the setting', async () => {
    // The first check may run before the settings arrive; the one after them finds the models.
    const published = await server.client.diagnostics(URI, (p) => p.diagnostics.length > 0 && !p.diagnostics.some((d) => d.code === 'MECHA5001'));
    const typo = published.diagnostics.find((d) => d.code === 'MECHA3001');
    expect(typo, JSON.stringify(published.diagnostics)).toBeDefined();
    expect(typo).toMatchObject({ source: 'mecha', severity: 1, range: { start: at(4, 'weigted_sum'), end: { line: 4, character: 21 } } });
    expect(typo!.message).toContain('weigted_sum');
  });

  test('completion inside blocks(sd1.unet, ...) offers the block names', async () => {
    const items = await server.client.request<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', { ...doc, position: IN_BLOCKS });
    const labels = (Array.isArray(items) ? items : items.items).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['in0', 'mid', 'out11']));
  });

  test('completion in a model path lists the models of the configured folders', async () => {
    const items = await server.client.request<CompletionItem[]>('textDocument/completion', { ...doc, position: at(1, 'models/a') });
    const model = items.find((i) => i.label === 'sd1-tiny/models/b');
    expect(model, JSON.stringify(items.map((i) => i.label))).toBeDefined();
    expect(model!.kind).toBe(17); // File
  });

  test('hover on a model shows the file its header was read from', async () => {
    const hover = await server.client.request<Hover>('textDocument/hover', { ...doc, position: at(1, 'base') });
    expect(JSON.stringify(hover.contents)).toContain(join('sd1-tiny', 'models', 'a.safetensors'));
  });

  test('hover on a method shows its documentation', async () => {
    const hover = await server.client.request<Hover>('textDocument/hover', { ...doc, position: at(5, 'weighted_sum') });
    const firstSentence = createRegistry().method('weighted_sum')!.doc.split('.')[0]!;
    expect(JSON.stringify(hover.contents)).toContain(firstSentence);
    expect(hover.range?.start).toEqual(at(5, 'weighted_sum'));
  });

  test('definition of a name is its binding', async () => {
    const found = await server.client.request<Location[] | Location>('textDocument/definition', { ...doc, position: at(5, 'mix') });
    const first = Array.isArray(found) ? found[0] : found;
    expect(first?.uri).toBe(URI);
    expect(first?.range.start).toEqual(at(4, 'mix'));
  });

  test('rename changes the binding and its uses', async () => {
    expect(await server.client.request('textDocument/prepareRename', { ...doc, position: at(4, 'mix') })).toMatchObject({
      start: at(4, 'mix'),
    });
    const edit = await server.client.request<WorkspaceEdit>('textDocument/rename', { ...doc, position: at(4, 'mix'), newName: 'blend' });
    const edits = edit.changes?.[URI] ?? [];
    expect(edits.map((e) => [e.range.start, e.newText])).toEqual(
      expect.arrayContaining([
        [at(4, 'mix'), 'blend'],
        [at(5, 'mix'), 'blend'],
      ]),
    );
    expect(edits).toHaveLength(2);
  });

  test('formatting edits give the canonical text', async () => {
    const edits = await server.client.request<TextEdit[]>('textDocument/formatting', { ...doc, options: { tabSize: 2, insertSpaces: true } });
    expect(edits.length).toBeGreaterThan(0);
    expect(applyEdits(TEXT, edits)).toBe(formatText(TEXT).text);
  });

  test('document symbols list the models and bindings', async () => {
    const symbols = await server.client.request<DocumentSymbol[]>('textDocument/documentSymbol', doc);
    expect(symbols.map((s) => s.name)).toEqual(expect.arrayContaining(['base', 'tuned', 'mix', 'out']));
    expect(symbols.find((s) => s.name === 'mix')?.selectionRange.start).toEqual(at(4, 'mix'));
  });

  test('semantic tokens mark the keywords and the method calls', async () => {
    const { data } = await server.client.request<{ data: number[] }>('textDocument/semanticTokens/full', doc);
    expect(data.length % 5).toBe(0);
    const tokens = decode(data);
    const typeAt = (p: { line: number; character: number }) => tokens.find((t) => t.line === p.line && t.character === p.character)?.type;
    expect(typeAt(at(1, 'model'))).toBe('keyword');
    expect(typeAt(at(4, 'let'))).toBe('keyword');
    expect(['method', 'function']).toContain(typeAt(at(5, 'weighted_sum')));
  });

  test('a code action fixes the typo with the suggested name', async () => {
    const range = { start: at(4, 'weigted_sum'), end: at(4, 'weigted_sum') };
    const actions = await server.client.request<CodeAction[]>('textDocument/codeAction', { ...doc, range, context: { diagnostics: [] } });
    const fix = actions.find((a) => a.kind === 'quickfix' && a.title.includes('weighted_sum'));
    expect(fix, JSON.stringify(actions)).toBeDefined();
    expect(applyEdits(TEXT, fix!.edit!.changes![URI]!).split('\n')[4]).toBe('let mix = weighted_sum(base, tuned, alpha=0.5)');
  });

  test('an edit is checked again: fixing the typo clears its diagnostic', async () => {
    const start = at(4, 'weigted_sum');
    await server.client.change(URI, 2, [{ range: { start, end: { line: 4, character: 21 } }, text: 'weighted_sum' }]);
    const published = await server.client.diagnostics(URI, (p) => p.version === 2);
    expect(published.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
  });

  test('a settings change checks the open documents again', async () => {
    modelsDirs = [];
    await server.client.notify('workspace/didChangeConfiguration', { settings: null });
    const published = await server.client.diagnostics(URI, (p) => p.diagnostics.some((d) => d.code === 'MECHA5001'));
    expect(published.diagnostics.find((d) => d.code === 'MECHA5001')?.range.start).toEqual(at(1, '"sd1-tiny/models/a"'));
  });

  test('shutdown then exit ends the process with 0', async () => {
    expect(await shutdownAndExit(server)).toBe(0);
  });
});

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

function decode(data: readonly number[]): { line: number; character: number; length: number; type: string }[] {
  const out = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i]!;
    character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!;
    out.push({ line, character, length: data[i + 2]!, type: SEMANTIC_TOKENS_LEGEND.tokenTypes[data[i + 3]!]! });
  }
  return out;
}
