import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Message } from 'vscode-languageserver/node';
import { FrameReader } from '../../lsp/frame-reader.js';

/** A frame as clients send it; `extra` headers go before Content-Length. */
function frame(message: unknown, extra = ''): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`${extra}Content-Length: ${body.length}\r\n\r\n`, 'latin1'), body]);
}

const request = (id: number, text = 'x') => ({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { text } });

/** Feeds `chunks` one write each, and returns what the reader delivered and reported. */
function read(chunks: readonly (Buffer | string)[], options = {}): { messages: Message[]; errors: string[] } {
  const input = new PassThrough();
  const reader = new FrameReader(input, options);
  const messages: Message[] = [];
  const errors: string[] = [];
  reader.onError((e) => void errors.push(e.message));
  reader.listen((m) => void messages.push(m));
  // PassThrough emits 'data' synchronously on write while flowing.
  for (const chunk of chunks) input.write(chunk);
  return { messages, errors };
}

const ids = (messages: readonly Message[]) => messages.map((m) => (m as { id: number }).id);

describe('FrameReader', () => {
  test('reads frames whole, split at every byte, or several in one chunk; other headers are ignored', () => {
    const bytes = Buffer.concat([frame(request(1, 'é ü 日本')), frame(request(2), 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'), frame(request(3))]);
    expect(ids(read([bytes]).messages)).toEqual([1, 2, 3]);
    const split = read([...bytes].map((b) => Buffer.from([b])));
    expect(ids(split.messages)).toEqual([1, 2, 3]);
    expect((split.messages[0] as unknown as { params: { text: string } }).params.text).toBe('é ü 日本');
    expect(split.errors).toEqual([]);
  });

  test('lower-case header names, and a body that is large', () => {
    const big = request(7, 'y'.repeat(300_000));
    const lower = frame(big).toString('latin1').replace('Content-Length', 'content-length');
    const r = read([Buffer.from(lower, 'latin1')]);
    expect(ids(r.messages)).toEqual([7]);
  });

  // Each malformed piece is followed by a valid frame, which must be read; one report per malformed frame.
  test.each([
    ['a non-numeric Content-Length', 'Content-Length: abc\r\n\r\n{"jsonrpc":"2.0","id":99,"method":"x"}'],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n'],
    ['no Content-Length', 'Content-Type: application/json\r\n\r\n{"jsonrpc":"2.0","id":99,"method":"x"}'],
    ['a header without its body', 'Content-Length: 500\r\n\r\n'],
    ['a Content-Length too large to wait for', 'Content-Length: 99999999999\r\n\r\n{}'],
    ['a body that is not JSON', 'Content-Length: 5\r\n\r\nhello'],
    ['a Content-Length shorter than its body', 'Content-Length: 3\r\n\r\n{"jsonrpc":"2.0","id":99,"method":"x"}'],
    ['garbage bytes', '\u0000\u00ff\u0001garbage\r\n\r\nmore garbage'],
    ['garbage glued to the header', 'xyz'],
    ['two Content-Length lines', 'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
  ])('%s: skipped, and the next frame is read', (_, bad) => {
    for (const split of [false, true]) {
      const chunks = [frame(request(1)), Buffer.from(bad, 'latin1'), frame(request(2)), frame(request(3))];
      // Split: the malformed bytes and the valid frame after it arrive in separate writes, byte by byte.
      const r = read(split ? chunks.flatMap((c) => [...c].map((b) => Buffer.from([b]))) : [Buffer.concat(chunks)], { maxBodyBytes: 1 << 20 });
      expect(ids(r.messages), `${split ? 'byte by byte' : 'one chunk'}: ${r.errors.join('; ')}`).toEqual([1, 2, 3]);
      expect(r.errors.length).toBeGreaterThanOrEqual(1);
      expect(r.errors.length).toBeLessThanOrEqual(2);
    }
  });

  test('a header without a body is given up as soon as the next header arrives, not when enough bytes have', () => {
    const input = new PassThrough();
    const reader = new FrameReader(input);
    const messages: Message[] = [];
    reader.onError(() => undefined);
    reader.listen((m) => void messages.push(m));
    input.write('Content-Length: 100000\r\n\r\n');
    input.write(frame(request(4)));
    expect(ids(messages)).toEqual([4]);
  });

  test('garbage without any header is dropped as it comes: memory stays bounded', () => {
    const input = new PassThrough();
    const reader = new FrameReader(input);
    const messages: Message[] = [];
    let errors = 0;
    reader.onError(() => void errors++);
    reader.listen((m) => void messages.push(m));
    const noise = Buffer.alloc(64 * 1024, 'z');
    for (let i = 0; i < 200; i++) input.write(noise);
    input.write(frame(request(5)));
    expect(ids(messages)).toEqual([5]);
    expect(errors).toBe(1);
    expect((reader as unknown as { store: Buffer }).store.length).toBeLessThan(1 << 20);
  });

  test('closes when its input ends', async () => {
    const input = new PassThrough();
    const reader = new FrameReader(input);
    const closed = new Promise<void>((resolve) => reader.onClose(() => resolve()));
    reader.listen(() => undefined);
    input.end(frame(request(1)));
    await closed;
  });

  test('random garbage between valid frames never loses a valid frame nor throws', () => {
    // Garbage here holds no complete "Content-Length: N\r\n" line, which a client could only send as a header.
    const garbage = fc.uint8Array({ maxLength: 200 }).filter((g) => !/content-length:[ \t]*\d+[ \t]*\r\n/i.test(Buffer.from(g).toString('latin1')));
    fc.assert(
      fc.property(fc.array(garbage, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 97 }), (pieces, chunkSize) => {
        const parts: Buffer[] = [];
        pieces.forEach((g, i) => parts.push(Buffer.from(g), frame(request(i))));
        const bytes = Buffer.concat(parts);
        const chunks: Buffer[] = [];
        for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
        const got = ids(read(chunks).messages);
        // A garbage piece may end in a header name that swallows the frame after it; all others arrive in order.
        expect(got.length).toBeGreaterThanOrEqual(pieces.filter((g) => !/content-length:/i.test(Buffer.from(g).toString('latin1'))).length);
        expect(got).toEqual([...got].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});
