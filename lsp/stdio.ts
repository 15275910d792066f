import { createConnection } from 'vscode-languageserver/node';
import { createRegistry } from '../src/registry/registry.js';
import { createLanguageService } from '../src/service/service.js';
import { createEditorFileHost } from './file-host.js';
import { createServer } from './server.js';

/**
 * The language server on stdin/stdout, for `mechac lsp --stdio` and the VS Code extension's bundled server.js.
 * Models are read from disk; the process ends on the protocol's `exit` (or when stdin closes).
 */
export function startStdioServer(): void {
  // stdout carries the protocol: a stray console.log would corrupt it, so console output goes to stderr.
  console.log = console.info = console.debug = console.error;
  const files = createEditorFileHost(process.env);
  const service = createLanguageService({ registry: createRegistry(), host: files.host });
  createServer(createConnection(process.stdin, process.stdout), service, { environment: files });
}
