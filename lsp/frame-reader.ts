import { AbstractMessageReader, Disposable, type DataCallback, type Message } from 'vscode-languageserver/node';

export interface FrameReaderOptions {
  /** The largest body accepted; a larger frame is skipped. */
  readonly maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Header blocks are a few dozen bytes; this much without a blank line is not a header. */
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** Where a header could start: its name, in any case. */
const HEADER_NAME = /content-length:/i;
const HEADER_NAME_LENGTH = 'content-length:'.length;
/** A whole Content-Length line: once seen, the frame before it has ended. */
const HEADER_LINE = /content-length:[ \t]*\d+[ \t]*\r\n/i;
/** How far back a scan of a growing body starts again, so that a line cut between two chunks is still found. */
const RESCAN = 64;
const INITIAL_STORE = 4096;

/** The body a header announced, while its bytes arrive. */
interface Pending {
  readonly bodyStart: number;
  readonly length: number;
  /** Body bytes before this offset were searched for a header line already. */
  scanned: number;
}

/**
 * Reads LSP's base protocol (`Content-Length: N\r\n\r\n` then N bytes of JSON) from a byte stream and survives a
 * malformed frame: a bad or missing Content-Length, a header whose body never came, a body that is not JSON, or
 * garbage between frames. Each is reported through `onError` and skipped up to the next `Content-Length:` header,
 * and the frames after it are read as usual. (The library's reader stops making sense of the stream after one.)
 *
 * A body that a header announced is not waited for when a complete `Content-Length: N\r\n` line turns up inside
 * it: raw line breaks cannot occur in a JSON string and header names cannot occur outside one, so that body lost
 * its bytes and the header after it starts the next frame.
 */
export class FrameReader extends AbstractMessageReader {
  private readonly maxBodyBytes: number;
  /** Received bytes not yet consumed are store[start, end); the store doubles as it fills, so appends stay cheap. */
  private store: Buffer = Buffer.alloc(INITIAL_STORE);
  private start = 0;
  private end = 0;
  private pending: Pending | undefined;
  /** After a malformed frame: bytes are dropped until a header name shows up. */
  private syncing = false;
  private callback: DataCallback | undefined;
  private closed = false;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly input: NodeJS.ReadableStream,
    options: FrameReaderOptions = {},
  ) {
    super();
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string): void => this.receive(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onError = (error: Error): void => this.fireError(error);
    const onEnd = (): void => {
      if (this.closed) return;
      this.closed = true;
      this.fireClose();
    };
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onEnd);
    this.input.on('close', onEnd);
    return Disposable.create(() => {
      this.input.off('data', onData);
      this.input.off('error', onError);
      this.input.off('end', onEnd);
      this.input.off('close', onEnd);
    });
  }

  private receive(chunk: Buffer): void {
    this.append(chunk);
    while (this.next());
  }

  /** Takes one step over the bytes: reads a header, delivers a body or skips a malformed frame. False: wait. */
  private next(): boolean {
    if (this.syncing && !this.resync()) return false;
    const bytes = this.bytes();
    if (this.pending === undefined) {
      const end = bytes.indexOf(HEADER_END);
      if (end < 0) {
        if (bytes.length > MAX_HEADER_BYTES) this.skip(1, `no header in ${bytes.length} bytes`);
        return bytes.length > MAX_HEADER_BYTES;
      }
      const length = this.headerLength(bytes.subarray(0, end).toString('latin1'));
      if (typeof length === 'string') {
        this.skip(1, length);
        return true;
      }
      this.pending = { bodyStart: end + HEADER_END.length, length, scanned: end + HEADER_END.length };
    }
    const { bodyStart, length, scanned } = this.pending;
    const available = Math.min(bytes.length, bodyStart + length);
    const inner = HEADER_LINE.exec(bytes.subarray(scanned, available).toString('latin1'));
    if (inner !== null) {
      this.pending = undefined;
      this.consume(scanned + inner.index);
      this.fireError(new Error(`skipped a frame announcing ${length} bytes: the next header came after ${scanned + inner.index - bodyStart}`));
      return true;
    }
    this.pending.scanned = Math.max(bodyStart, available - RESCAN);
    if (bytes.length < bodyStart + length) return false;

    this.pending = undefined;
    let message: Message;
    try {
      message = JSON.parse(this.decoder.decode(bytes.subarray(bodyStart, bodyStart + length))) as Message;
    } catch (error) {
      // The length may have been wrong rather than the body: the next header is looked for from the body's start.
      this.skip(bodyStart, `the body is not JSON (${(error as Error).message})`);
      return true;
    }
    this.consume(bodyStart + length);
    this.callback?.(message);
    return true;
  }

  /** The body length a header block announces, or why the block is not a valid header. */
  private headerLength(block: string): number | string {
    let length: string | undefined;
    for (const line of block.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) return `a header line without a name: ${JSON.stringify(line.slice(0, 80))}`;
      if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
      if (length !== undefined) return 'two Content-Length lines';
      length = line.slice(colon + 1).trim();
    }
    if (length === undefined) return 'no Content-Length';
    if (!/^\d+$/.test(length)) return `Content-Length is not a number: ${JSON.stringify(length.slice(0, 80))}`;
    if (Number(length) > this.maxBodyBytes) return `Content-Length ${length} is above the limit of ${this.maxBodyBytes} bytes`;
    return Number(length);
  }

  /** Reports a malformed frame and drops bytes from `from` on until the next header name. */
  private skip(from: number, reason: string): void {
    this.fireError(new Error(`skipped a malformed frame: ${reason}`));
    this.consume(from);
    this.syncing = true;
  }

  /** Drops bytes up to the next header name; false while none has arrived (only a tail that may begin one is kept). */
  private resync(): boolean {
    const bytes = this.bytes();
    const found = HEADER_NAME.exec(bytes.toString('latin1'));
    if (found === null) {
      this.consume(Math.max(0, bytes.length - (HEADER_NAME_LENGTH - 1)));
      return false;
    }
    this.consume(found.index);
    this.syncing = false;
    return true;
  }

  private bytes(): Buffer {
    return this.store.subarray(this.start, this.end);
  }

  private consume(count: number): void {
    this.start += count;
    if (this.start < this.end) return;
    this.start = this.end = 0;
    // A large message grew the store; it need not stay that large.
    if (this.store.length > INITIAL_STORE * 256) this.store = Buffer.alloc(INITIAL_STORE);
  }

  private append(chunk: Buffer): void {
    if (this.end + chunk.length > this.store.length) {
      const live = this.end - this.start;
      const target = live + chunk.length > this.store.length / 2 ? Buffer.alloc(Math.max(2 * this.store.length, live + chunk.length)) : this.store;
      this.store.copy(target, 0, this.start, this.end);
      this.store = target;
      this.start = 0;
      this.end = live;
    }
    chunk.copy(this.store, this.end);
    this.end += chunk.length;
  }
}
