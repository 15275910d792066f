import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { StreamMessageReader, type Message } from 'vscode-languageserver-protocol/node';
import { withTimeout } from './lsp-client.js';

// The built `mechac lsp --stdio` fed raw bytes, as a broken or hostile client sends them: malformed frames are
// skipped and the valid frames after them answered; bad params get -32602. Server output is read with the
// protocol library's own reader.

const cli = join(import.meta.dirname, '../../bin/mechac.js');
const URI = 'file:///frames/r.mecha';

interface Answer {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

class RawClient {
  readonly child: ChildProcess;
  readonly answers = new Map<number, Answer>();
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor() {
    this.child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => void (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    new StreamMessageReader(this.child.stdout!).listen((m: Message) => {
      const answer = m as unknown as Answer;
      if (typeof answer.id === 'number') this.answers.set(answer.id, answer);
    });
  }

  raw(bytes: string | Buffer): void {
    this.child.stdin!.write(bytes);
  }

  send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.raw(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  answer(id: number): Promise<Answer> {
    return withTimeout(
      new Promise<Answer>((resolve) => {
        const poll = (): void => {
          const found = this.answers.get(id);
          if (found) resolve(found);
          else setTimeout(poll, 10);
        };
        poll();
      }),
      `the answer to request ${id} (server stderr: ${this.stderr})`,
    );
  }

  hover(id: number, position: unknown = { line: 1, character: 6 }): void {
    this.send({ id, method: 'textDocument/hover', params: { textDocument: { uri: URI }, position } });
  }

  async start(): Promise<void> {
    this.send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    await this.answer(1);
    this.send({ method: 'initialized', params: {} });
    const text = 'version 1\nmodel a = "a" : sd1\nlet out = weighted_sum(a, a, alpha=0.5)\n';
    this.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'mecha', version: 1, text } } });
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }
}

const clients: RawClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.kill();
});

async function started(): Promise<RawClient> {
  const client = new RawClient();
  clients.push(client);
  await client.start();
  return client;
}

/** A hover on the model name answers with its markdown. */
function expectHover(answer: Answer): void {
  expect(answer.error, JSON.stringify(answer.error)).toBeUndefined();
  expect(JSON.stringify(answer.result)).toContain('sd1');
}

describe('mechac lsp --stdio, malformed input', () => {
  test('a non-numeric Content-Length: the requests after it are all answered', async () => {
    const client = await started();
    client.raw('Content-Length: abc\r\n\r\n{}');
    for (const id of [10, 11, 12]) client.hover(id);
    for (const id of [10, 11, 12]) expectHover(await client.answer(id));
    expect(client.stderr).toContain('Content-Length is not a number');
  });

  test('a header without a body, a missing Content-Length, garbage bytes, a body that is not JSON: each skipped', async () => {
    const client = await started();
    const bad = [
      'Content-Length: 4000\r\n\r\n',
      'Content-Type: application/json\r\n\r\n{"jsonrpc":"2.0","id":98,"method":"shutdown"}',
      '\u0000\u0001\u00ffgarbage\r\n\r\n',
      'Content-Length: 7\r\n\r\nnotjson',
    ];
    for (const [i, bytes] of bad.entries()) {
      client.raw(Buffer.from(bytes, 'latin1'));
      client.hover(20 + i);
      expectHover(await client.answer(20 + i));
    }
    expect(client.answers.has(98)).toBe(false);
  });

  test('null or missing positions and params are -32602, and the server goes on', async () => {
    const client = await started();
    client.hover(30, null);
    client.send({ id: 31, method: 'textDocument/hover', params: { textDocument: { uri: URI } } });
    client.send({ id: 32, method: 'textDocument/hover', params: null });
    client.send({ id: 33, method: 'textDocument/completion', params: { textDocument: { uri: 'file:///not/open.mecha' }, position: { line: 0, character: 0 } } });
    client.hover(34, { line: 'one', character: 0 });
    for (const id of [30, 31, 32, 33, 34]) {
      const answer = await client.answer(id);
      expect(answer.error?.code, JSON.stringify(answer)).toBe(-32602);
      expect(answer.error?.message.length).toBeGreaterThan(10);
    }
    client.hover(35);
    expectHover(await client.answer(35));
  });

  test('shutdown then exit: code 0; input closed without shutdown: code 1', async () => {
    const polite = await started();
    polite.send({ id: 40, method: 'shutdown' });
    await polite.answer(40);
    polite.send({ method: 'exit' });
    expect(await withTimeout(polite.exited, 'exit')).toBe(0);

    const abrupt = await started();
    abrupt.child.stdin!.end();
    expect(await withTimeout(abrupt.exited, 'exit on closed input')).toBe(1);
  });
});
