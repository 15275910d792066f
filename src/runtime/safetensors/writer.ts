import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SafetensorsError, ioError } from '../errors.js';
import { dtypeSize, isDType, type DType } from '../dtype/dtype.js';
import { elementCount, type SafetensorsHeader, type TensorEntry } from './header.js';

/** A tensor the writer will receive: the plan knows all of them before any data exists. */
export interface TensorSpec {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
}

/** Small writes are gathered into one buffer of this size; larger ones go straight to the file. */
const COALESCE = 1 << 20;

/** Writers not yet finished or aborted, so an exiting process can remove their temporary files. */
const live = new Set<SafetensorsWriter>();
let exitHookInstalled = false;

/**
 * Streams a safetensors file: the header (all names, dtypes, shapes and offsets) is written first, then tensor
 * data in exactly the declared order. Everything goes to `.<name>.<pid>.tmp` in the output's folder; `finish`
 * fsyncs and renames it into place, so the output path never holds a partial file. Any I/O failure (a full disk)
 * removes the temporary file and throws a SafetensorsError naming the output.
 */
export class SafetensorsWriter {
  readonly path: string;
  readonly tempPath: string;
  /** The layout being written, as a reader will see it. */
  readonly header: SafetensorsHeader;
  private readonly order: readonly TensorEntry[];
  private fd: number | undefined;
  private index = 0; // the tensor being written
  private written = 0; // bytes of it written so far
  private position: number; // file offset of the next byte after the pending buffer
  private readonly pending = new Uint8Array(COALESCE);
  private pendingLength = 0;
  private state: 'open' | 'finished' | 'aborted' = 'open';

  private constructor(path: string, tempPath: string, fd: number, header: SafetensorsHeader, order: TensorEntry[]) {
    this.path = path;
    this.tempPath = tempPath;
    this.fd = fd;
    this.header = header;
    this.order = order;
    this.position = 0;
  }

  /** Validates the specs, creates the temporary file and writes the header. */
  static create(path: string, tensors: readonly TensorSpec[], metadata: Readonly<Record<string, string>> = {}): SafetensorsWriter {
    const { json, order, dataLength } = layout(path, tensors, metadata);
    const headerBytes = padHeader(new TextEncoder().encode(json));
    const dataStart = 8 + headerBytes.length;
    const absolute = order.map((e) => Object.freeze({ ...e, begin: e.begin + dataStart, end: e.end + dataStart }));
    const header: SafetensorsHeader = {
      entries: new Map(absolute.map((e) => [e.name, e])),
      metadata: Object.freeze({ ...metadata }),
      dataStart,
      fileSize: dataStart + dataLength,
    };

    // Fail now rather than after all the work: renaming onto a folder would only fail in finish().
    if (isDirectory(path)) throw new SafetensorsError(path, 'io', 'the output path is a directory; give a file name');
    const tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    let fd: number;
    try {
      fd = openSync(tempPath, 'wx', 0o644);
    } catch (error) {
      throw ioError(path, `create the temporary file ${tempPath}`, error);
    }
    const writer = new SafetensorsWriter(path, tempPath, fd, header, absolute);
    live.add(writer);
    installExitHook();
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
    writer.append(prefix);
    writer.append(headerBytes);
    return writer;
  }

  /** The name of the tensor expected next, or undefined when all were written. */
  get next(): string | undefined {
    return this.order[this.index]?.name;
  }

  /** Writes a whole tensor; it must be the next one and have exactly its byte length. */
  write(name: string, bytes: Uint8Array): void {
    const e = this.expect(name);
    if (this.written !== 0) this.misuse(`write() after ${this.written} bytes were given by writePart()`, name);
    if (bytes.byteLength !== e.end - e.begin) {
      this.misuse(`given ${bytes.byteLength} bytes, but ${e.dtype} [${e.shape.join(', ')}] takes ${e.end - e.begin}`, name);
    }
    this.accept(e, bytes);
  }

  /** Writes the next part of a tensor (for chunked streaming); the tensor is done when its byte length is reached. */
  writePart(name: string, bytes: Uint8Array): void {
    const e = this.expect(name);
    if (this.written + bytes.byteLength > e.end - e.begin) {
      this.misuse(`${this.written + bytes.byteLength} bytes given in parts, but ${e.dtype} [${e.shape.join(', ')}] takes ${e.end - e.begin}`, name);
    }
    this.accept(e, bytes);
  }

  /** Flushes, fsyncs and renames the file into place. Every declared tensor must have been written. */
  finish(): void {
    this.checkOpen();
    if (this.index < this.order.length) {
      const e = this.order[this.index]!;
      this.misuse(`finish() before all tensors were written: ${this.order.length - this.index} left, starting with this one`, e.name);
    }
    try {
      this.flush();
      fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = undefined;
      renameSync(this.tempPath, this.path);
    } catch (error) {
      this.abort();
      throw ioError(this.path, 'write the output', error);
    }
    this.state = 'finished';
    live.delete(this);
    syncDirectory(dirname(this.path));
  }

  /** Closes and removes the temporary file; nothing appears at the output path. Idempotent. */
  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    live.delete(this);
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already unusable; removing the file is what matters
      }
      this.fd = undefined;
    }
    try {
      unlinkSync(this.tempPath);
    } catch {
      // already gone
    }
  }

  private expect(name: string): TensorEntry {
    this.checkOpen();
    const e = this.order[this.index];
    if (!e) this.misuse('all declared tensors were already written', name);
    if (e!.name !== name) {
      const declared = this.header.entries.has(name);
      this.misuse(declared ? `written out of order: "${e!.name}" comes first` : 'was not declared when the writer was created', name);
    }
    return e!;
  }

  private accept(e: TensorEntry, bytes: Uint8Array): void {
    this.append(bytes);
    this.written += bytes.byteLength;
    if (this.written === e.end - e.begin) {
      this.index++;
      this.written = 0;
    }
  }

  private append(bytes: Uint8Array): void {
    try {
      if (this.pendingLength + bytes.byteLength <= COALESCE) {
        this.pending.set(bytes, this.pendingLength);
        this.pendingLength += bytes.byteLength;
        return;
      }
      this.flush();
      if (bytes.byteLength < COALESCE) {
        this.pending.set(bytes);
        this.pendingLength = bytes.byteLength;
      } else {
        this.writeFully(bytes);
      }
    } catch (error) {
      this.abort();
      throw ioError(this.path, 'write the output', error);
    }
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const n = this.pendingLength;
    this.pendingLength = 0;
    this.writeFully(this.pending.subarray(0, n));
  }

  private writeFully(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.byteLength) {
      done += writeSync(this.fd!, bytes, done, Math.min(1 << 30, bytes.byteLength - done), this.position + done);
    }
    this.position += bytes.byteLength;
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new SafetensorsError(this.path, 'writer', `the writer was already ${this.state}`);
  }

  private misuse(detail: string, key?: string): never {
    throw new SafetensorsError(this.path, 'writer', detail, key);
  }
}

/** Removes the temporary files of every unfinished writer (for a Ctrl-C handler; also runs at process exit). */
export function abortAllWriters(): void {
  for (const w of [...live]) w.abort();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', abortAllWriters);
}

/** Checks the specs and computes offsets relative to the data area, in the given order. */
function layout(
  path: string,
  tensors: readonly TensorSpec[],
  metadata: Readonly<Record<string, string>>,
): { json: string; order: TensorEntry[]; dataLength: number } {
  const fail = (detail: string, key?: string): never => {
    throw new SafetensorsError(path, 'writer', detail, key);
  };
  for (const [k, v] of Object.entries(metadata)) if (typeof v !== 'string') fail(`metadata value of "${k}" is not a string`);
  const seen = new Set<string>();
  const order: TensorEntry[] = [];
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__') fail('"__metadata__" cannot name a tensor', t.name);
    if (seen.has(t.name)) fail('declared twice', t.name);
    seen.add(t.name);
    if (!isDType(t.dtype)) fail(`unknown dtype ${JSON.stringify(t.dtype)}`, t.name);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`shape ${JSON.stringify(t.shape)} is not an array of non-negative integers`, t.name);
    }
    const count = elementCount(t.shape);
    const bytes = count === undefined ? NaN : count * dtypeSize(t.dtype);
    if (!Number.isSafeInteger(bytes) || !Number.isSafeInteger(offset + bytes)) fail('is too large', t.name);
    order.push({ name: t.name, dtype: t.dtype, shape: Object.freeze(t.shape.slice()), begin: offset, end: offset + bytes });
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  return { json: JSON.stringify(header), order, dataLength: offset };
}

/** Pads the header with spaces to a multiple of 8 bytes, as the reference writer does, so data starts aligned. */
function padHeader(bytes: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.ceil(bytes.length / 8) * 8).fill(0x20);
  padded.set(bytes);
  return padded;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** fsync the folder so the rename itself survives a crash; some file systems refuse, which is harmless. */
function syncDirectory(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}
