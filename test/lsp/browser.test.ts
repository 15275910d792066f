import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  AbstractMessageReader,
  AbstractMessageWriter,
  createProtocolConnection,
  type DataCallback,
  type Disposable,
  type Message,
} from 'vscode-languageserver-protocol/node';
import { TestClient } from './lsp-client.js';

// The browser entry as the playground uses it: bundled for the browser (which fails if anything on its path needs
// Node), started in a worker, spoken to by posting messages. A Node worker's port stands in for the web worker's scope.

const ROOT = join(import.meta.dirname, '..', '..');

class PortReader extends AbstractMessageReader {
  constructor(private readonly worker: Worker) {
    super();
  }
  listen(callback: DataCallback): Disposable {
    const listener = (data: Message) => callback(data);
    this.worker.on('message', listener);
    return { dispose: () => void this.worker.off('message', listener) };
  }
}

class PortWriter extends AbstractMessageWriter {
  constructor(private readonly worker: Worker) {
    super();
  }
  async write(message: Message): Promise<void> {
    this.worker.postMessage(message);
  }
  end(): void {}
}

let worker: Worker;
let client: TestClient;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mecha-browser-'));
  const bundle = join(dir, 'browser.mjs');
  await build({
    entryPoints: [join(ROOT, 'lsp', 'browser.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    outfile: bundle,
    logLevel: 'silent',
  });
  const main = join(dir, 'worker.mjs');
  writeFileSync(
    main,
    `import { parentPort } from 'node:worker_threads';\nimport { startBrowserServer } from ${JSON.stringify(pathToFileURL(bundle).href)};\nstartBrowserServer({ endpoint: parentPort });\n`,
  );
  worker = new Worker(main);
  client = new TestClient(createProtocolConnection(new PortReader(worker), new PortWriter(worker)));
}, 30_000);

afterAll(async () => {
  client?.dispose();
  await worker?.terminate();
});

describe('lsp/browser.ts in a worker', () => {
  test('initializes, and checks a recipe without any models directory', async () => {
    const { serverInfo, capabilities } = await client.initialize();
    expect(serverInfo?.name).toBe('mecha');
    expect(capabilities.hoverProvider).toBe(true);
    const uri = 'inmemory://playground/recipe.mecha';
    await client.open(uri, 'version 1\nmodel a = "a" : sd1\nlet out = weigted_sum(a, a)\n');
    const published = await client.diagnostics(uri);
    expect(published.diagnostics.map((d) => d.code)).toContain('MECHA3001');
    // No host: nothing says a model is missing.
    expect(published.diagnostics.map((d) => d.code)).not.toContain('MECHA5001');
  });
});
