import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { createRegistry } from '../src/registry/registry.js';
import type { ServiceHost } from '../src/service/api.js';
import { createLanguageService } from '../src/service/service.js';
import { createServer } from './server.js';

/**
 * What the browser message reader and writer use of the worker's global scope (or a MessagePort, or a Worker),
 * spelt out because the project compiles without the DOM's types.
 */
export interface MessageEndpoint {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

export interface BrowserServerOptions {
  /** Defaults to the worker's global scope (`self`). */
  readonly endpoint?: MessageEndpoint;
  /** Models the page knows of (a browser reads no models directory); without it, model checks are skipped. */
  readonly host?: ServiceHost;
}

/**
 * The language server in a web worker, for the playground: the same server as over stdio, with messages posted
 * between the page and the worker. A worker script runs `startBrowserServer()`.
 */
export function startBrowserServer(options: BrowserServerOptions = {}): void {
  const endpoint = options.endpoint ?? (globalThis as unknown as MessageEndpoint);
  const connection = createConnection(new BrowserMessageReader(endpoint), new BrowserMessageWriter(endpoint));
  const service = createLanguageService({ registry: createRegistry(), ...(options.host !== undefined ? { host: options.host } : {}) });
  createServer(connection, service);
}
