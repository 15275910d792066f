import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { shutdownAndExit, spawnServer, withTimeout, type SpawnedServer } from '../lsp/lsp-client.js';
import { readZip } from './read-zip.js';

// Packs the extension as `npm run package` does, into a temporary folder, then looks inside the .vsix and runs the
// server it carries, unpacked on its own (no node_modules anywhere above it).

const ROOT = join(import.meta.dirname, '..', '..');
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'vscode-extension', 'package.json'), 'utf8')) as { version: string };

let work: string;
let files: Map<string, Buffer>;
let log = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mecha-vsix-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/package-extension.ts', '--out', work, '--stage', join(work, 'stage')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => void (log += c.toString()));
  child.stderr.on('data', (c: Buffer) => void (log += c.toString()));
  const code = await withTimeout(new Promise<number | null>((r) => child.on('exit', r)), 'the packaging script', 55_000).catch((error: unknown) => {
    child.kill();
    throw error;
  });
  expect(code, log).toBe(0);
  files = readZip(readFileSync(join(work, `mecha-${MANIFEST.version}.vsix`)));
}, 60_000);

describe('the .vsix', () => {
  test('holds the manifest, both bundles, the grammar and the language configuration', () => {
    for (const name of [
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/syntaxes/mecha.tmLanguage.json',
      'extension/language-configuration.json',
    ]) {
      expect(files.has(name), name).toBe(true);
    }
    // vsce renames these two (readme.md, LICENSE.txt).
    expect([...files.keys()].some((n) => /^extension\/readme\.md$/i.test(n))).toBe(true);
    expect([...files.keys()].some((n) => /^extension\/LICENSE/.test(n))).toBe(true);
  });

  test('carries no sources or dependencies: the bundles are self-contained', () => {
    const names = [...files.keys()];
    expect(names.filter((n) => n.includes('node_modules/') || n.startsWith('extension/src/') || n.endsWith('.ts'))).toEqual([]);
    const client = files.get('extension/dist/extension.js')!.toString('utf8');
    expect(client).toContain('require("vscode")');
    expect(client).not.toMatch(/require\("vscode-languageclient/);
  });

  test('package.json points at files that are in the package', () => {
    const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8')) as {
      name: string;
      main: string;
      activationEvents: string[];
      contributes: { languages: { id: string; extensions: string[]; configuration: string }[]; grammars: { scopeName: string; path: string }[] };
    };
    expect(manifest.name).toBe('mecha');
    expect(manifest.activationEvents).toEqual(['onLanguage:mecha']);
    const inPackage = (path: string) => files.has(join('extension', path));
    expect(inPackage(manifest.main)).toBe(true);
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'mecha', extensions: ['.mecha'] });
    expect(inPackage(manifest.contributes.languages[0]!.configuration)).toBe(true);
    expect(manifest.contributes.grammars[0]!.scopeName).toBe('source.mecha');
    expect(inPackage(manifest.contributes.grammars[0]!.path)).toBe(true);
  });

  test('the grammar files are the ones in grammar/', () => {
    expect(files.get('extension/syntaxes/mecha.tmLanguage.json')!.equals(readFileSync(join(ROOT, 'grammar', 'mecha.tmLanguage.json')))).toBe(true);
    expect(files.get('extension/language-configuration.json')!.equals(readFileSync(join(ROOT, 'grammar', 'language-configuration.json')))).toBe(true);
  });
});

describe('the client', () => {
  test('type-checks against the VS Code API (esbuild only strips types)', () => {
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'vscode-extension')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});

describe('the bundled server', () => {
  let server: SpawnedServer | undefined;
  afterAll(() => server?.kill());

  test('starts with `node server.js --stdio`, answers initialize and checks a recipe', async () => {
    const unpacked = join(work, 'unpacked');
    for (const [name, data] of files) {
      mkdirSync(join(unpacked, dirname(name)), { recursive: true });
      writeFileSync(join(unpacked, name), data);
    }
    server = spawnServer(process.execPath, [join(unpacked, 'extension', 'dist', 'server.js'), '--stdio'], { cwd: unpacked });
    const { client } = server;
    const { capabilities, serverInfo } = await client.initialize();
    expect(serverInfo?.name, server.stderr()).toBe('mecha');
    expect(capabilities.completionProvider?.triggerCharacters).toContain('.');

    const uri = 'untitled:Untitled-1';
    await client.open(uri, 'version 1\nmodel a = "a" : sd1\nlet out = weigted_sum(a, a)\n');
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'MECHA3001'));
    expect(published.diagnostics.find((d) => d.code === 'MECHA3001')?.range.start).toEqual({ line: 2, character: 10 });
    expect(await shutdownAndExit(server)).toBe(0);
  });
});
