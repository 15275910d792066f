import { createConnection, StreamMessageWriter } from 'vscode-languageserver/node';
import { createRegistry } from '../src/registry/registry.js';
import { createLanguageService } from '../src/service/service.js';
import { createEditorFileHost } from './file-host.js';
import { FrameReader } from './frame-reader.js';
import { createServer } from './server.js';

/**
 * The language server on stdin/stdout, for `mechac lsp --stdio` and the VS Code extension's bundled server.js.
 * Models are read from disk; the process ends on the protocol's `exit` (or when stdin closes).
 */
export function startStdioServer(): void {
  // stdout carries the protocol: a stray console.log would corrupt it, so console output goes to stderr.
  console.log = console.info = console.debug = console.error;
  // Our own reader, so that one malformed frame does not cost every request after it.
  const reader = new FrameReader(process.stdin);
  reader.onError((error) => process.stderr.write(`mecha lsp: ${error.message}\n`));
  const files = createEditorFileHost(process.env);
  const service = createLanguageService({ registry: createRegistry(), host: files.host });
  const server = createServer(createConnection(reader, new StreamMessageWriter(process.stdout)), service, { environment: files });
  // The editor went away without `exit`: end as `exit` would, with 0 only after a `shutdown`.
  reader.onClose(() => process.exit(server.shutDown ? 0 : 1));
}
