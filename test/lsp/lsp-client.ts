import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import {
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type InitializeResult,
  type MessageReader,
  type MessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../src/text/line-index.js';

/**
 * The client side of LSP for tests: requests and notifications with a deadline each, so a server that hangs fails
 * the test with a message instead of blocking it; published diagnostics are kept and can be awaited.
 */

export const WAIT_MS = 10_000;

export function withTimeout<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export interface ClientOptions {
  /** Answers `workspace/configuration`; the client does not offer it when absent. */
  readonly configuration?: (section: string | undefined) => unknown;
}

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  /** The server's `window/logMessage` lines, shown when a test fails. */
  readonly logs: string[] = [];
  readonly registrations: string[] = [];
  private readonly listeners: (() => void)[] = [];

  constructor(
    readonly connection: ProtocolConnection,
    private readonly options: ClientOptions = {},
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const listener of [...this.listeners]) listener();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => void this.logs.push(params.message));
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => options.configuration?.(item.section) ?? null),
    );
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
      return null;
    });
    connection.listen();
  }

  request<R>(method: string, params: unknown, ms = WAIT_MS): Promise<R> {
    return withTimeout(this.connection.sendRequest(method, params) as Promise<R>, method, ms);
  }

  notify(method: string, params?: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** `ms`: how long the answer may take; a server started from the sources compiles them first. */
  initialize(extra: Record<string, unknown> = {}, ms = WAIT_MS): Promise<InitializeResult> {
    const configuration = this.options.configuration !== undefined;
    return this.request<InitializeResult>('initialize', {
      processId: null,
      rootUri: null,
      capabilities: {
        workspace: { configuration, didChangeConfiguration: { dynamicRegistration: configuration } },
        textDocument: { rename: { prepareSupport: true } },
      },
      ...extra,
    }, ms).then(async (result) => {
      await this.notify('initialized', {});
      return result;
    });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mecha', version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** The first diagnostics published (already or later) for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, ms = WAIT_MS): Promise<PublishDiagnosticsParams> {
    const find = () => this.published.find((p) => p.uri === uri && accept(p));
    return withTimeout(
      new Promise<PublishDiagnosticsParams>((resolve) => {
        const check = () => {
          const found = find();
          if (found === undefined) return;
          this.listeners.splice(this.listeners.indexOf(check), 1);
          resolve(found);
        };
        this.listeners.push(check);
        check();
      }),
      `diagnostics for ${uri}`,
      ms,
    );
  }

  dispose(): void {
    this.connection.dispose();
  }
}

/** A client and the reader/writer a server in the same process listens on. */
export function inMemoryPair(options: ClientOptions = {}): { client: TestClient; reader: MessageReader; writer: MessageWriter } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  return {
    client: new TestClient(connection, options),
    reader: new StreamMessageReader(toServer),
    writer: new StreamMessageWriter(toClient),
  };
}

export interface SpawnedServer {
  readonly client: TestClient;
  readonly child: ChildProcess;
  /** The exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
  /** Kills the process if it is still running (after a failed test). */
  kill(): void;
}

export function spawnServer(command: string, args: readonly string[], options: ClientOptions & { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnedServer {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  return {
    client: new TestClient(connection, options),
    child,
    exited,
    stderr: () => stderr,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/** Shuts the server down as an editor does; resolves with the process's exit code. */
export async function shutdownAndExit(server: SpawnedServer): Promise<number | null> {
  await server.client.request('shutdown', null);
  await server.client.notify('exit');
  return withTimeout(server.exited, 'the server to exit');
}

/** A text with one `<|>` cursor marker: the text without it, and the marker's LSP position. */
export function cursor(marked: string): { text: string; offset: number; position: { line: number; character: number } } {
  const offset = marked.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 3);
  return { text, offset, position: new LineIndex(text).positionAt(offset) };
}
