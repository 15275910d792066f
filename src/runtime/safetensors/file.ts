import { closeSync, readSync } from 'node:fs';
import { SafetensorsError, ioError } from '../errors.js';
import { InputFileError, openInputFile } from '../input-file.js';
import { dtypeSize } from '../dtype/dtype.js';
import { decodeToFloat32, decodeToFloat64 } from '../dtype/codec.js';
import { MAX_HEADER_BYTES, parseHeader, type SafetensorsHeader, type TensorEntry } from './header.js';
import type { TensorReader } from './reader.js';

/** Bytes read per call when decoding a whole tensor: the raw bytes never need to be resident all at once. */
const DECODE_CHUNK = 1 << 20;
/** readSync takes at most 2 GiB per call. */
const MAX_READ = 1 << 30;
let decodeBuffer: Uint8Array | undefined;

/**
 * One safetensors file, opened for positional reads. `open` reads and validates the header only (including that
 * the data area is as long as the header says); tensors are read on demand.
 */
export class SafetensorsFile implements TensorReader {
  readonly path: string;
  readonly header: SafetensorsHeader;
  private fd: number | undefined;

  private constructor(path: string, fd: number, header: SafetensorsHeader) {
    this.path = path;
    this.fd = fd;
    this.header = header;
  }

  static open(path: string): SafetensorsFile {
    let fd: number;
    let size: number;
    try {
      ({ fd, size } = openInputFile(path, { what: 'model file' }));
    } catch (error) {
      throw asSafetensorsError(path, error);
    }
    try {
      if (size < 8) throw new SafetensorsError(path, 'too-small', `file of ${size} bytes is too small to be safetensors (no header length)`);
      const prefix = new Uint8Array(8);
      readFully(fd, prefix, 0, path);
      const length = new DataView(prefix.buffer).getBigUint64(0, true);
      if (length > BigInt(size - 8)) {
        throw new SafetensorsError(path, 'header-length', `header length ${length} runs past the end of the file (${size} bytes; not a safetensors file?)`);
      }
      if (length > BigInt(MAX_HEADER_BYTES)) {
        throw new SafetensorsError(path, 'header-length', `header of ${length} bytes is over the ${MAX_HEADER_BYTES}-byte limit`);
      }
      const headerBytes = new Uint8Array(Number(length));
      readFully(fd, headerBytes, 8, path);
      return new SafetensorsFile(path, fd, parseHeader(headerBytes, size, path));
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  get entries(): ReadonlyMap<string, TensorEntry> {
    return this.header.entries;
  }

  get metadata(): Readonly<Record<string, string>> {
    return this.header.metadata;
  }

  entry(name: string): TensorEntry {
    const e = this.header.entries.get(name);
    if (!e) throw new SafetensorsError(this.path, 'missing-key', 'no such tensor in this file', name);
    return e;
  }

  fileOf(name: string): string {
    this.entry(name);
    return this.path;
  }

  readBytes(name: string): Uint8Array {
    const e = this.entry(name);
    const out = new Uint8Array(e.end - e.begin);
    this.readAt(e, 0, out);
    return out;
  }

  readInto(name: string, target: Uint8Array): void {
    const e = this.entry(name);
    if (target.byteLength !== e.end - e.begin) {
      throw new RangeError(`${this.path}: tensor "${name}" has ${e.end - e.begin} bytes, the target ${target.byteLength}`);
    }
    this.readAt(e, 0, target);
  }

  readRange(name: string, byteOffset: number, target: Uint8Array): void {
    const e = this.entry(name);
    if (!Number.isSafeInteger(byteOffset) || byteOffset < 0 || byteOffset + target.byteLength > e.end - e.begin) {
      throw new RangeError(
        `${this.path}: tensor "${name}": bytes [${byteOffset}, ${byteOffset + target.byteLength}) are outside its ${e.end - e.begin} bytes`,
      );
    }
    this.readAt(e, byteOffset, target);
  }

  readFloat32(name: string): Float32Array {
    const e = this.entry(name);
    const out = new Float32Array((e.end - e.begin) / dtypeSize(e.dtype));
    this.decodeChunks(e, (bytes, first) => decodeToFloat32(e.dtype, bytes, out.subarray(first)));
    return out;
  }

  readFloat64(name: string): Float64Array {
    const e = this.entry(name);
    const out = new Float64Array((e.end - e.begin) / dtypeSize(e.dtype));
    this.decodeChunks(e, (bytes, first) => decodeToFloat64(e.dtype, bytes, out.subarray(first)));
    return out;
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }

  /** Reads a tensor in whole-element chunks through one shared buffer, handing each to `sink`. */
  private decodeChunks(e: TensorEntry, sink: (bytes: Uint8Array, firstElement: number) => void): void {
    const size = dtypeSize(e.dtype);
    const total = e.end - e.begin;
    const chunk = DECODE_CHUNK - (DECODE_CHUNK % size);
    decodeBuffer ??= new Uint8Array(DECODE_CHUNK);
    for (let done = 0; done < total; done += chunk) {
      const part = decodeBuffer.subarray(0, Math.min(chunk, total - done));
      this.readAt(e, done, part);
      sink(part, done / size);
    }
  }

  private readAt(e: TensorEntry, byteOffset: number, target: Uint8Array): void {
    if (this.fd === undefined) throw new SafetensorsError(this.path, 'closed', 'read after close()', e.name);
    readFully(this.fd, target, e.begin + byteOffset, this.path, e.name);
  }
}

/** Fills `target` from `position`; a short read means the file shrank after it was opened. */
function readFully(fd: number, target: Uint8Array, position: number, path: string, key?: string): void {
  let done = 0;
  while (done < target.byteLength) {
    let n: number;
    try {
      n = readSync(fd, target, done, Math.min(MAX_READ, target.byteLength - done), position + done);
    } catch (error) {
      throw ioError(path, 'read', error, key);
    }
    if (n === 0) {
      throw new SafetensorsError(path, 'truncated', `file ended at byte ${position + done} while reading (was it truncated after opening?)`, key);
    }
    done += n;
  }
}

/** A refused input as the safetensors reader words it: a file-system error, or not a file at all. */
export function asSafetensorsError(path: string, error: unknown): unknown {
  if (!(error instanceof InputFileError)) return error;
  if (error.reason === 'not-a-file') return new SafetensorsError(path, 'not-a-file', error.detail);
  if (error.reason === 'too-large') return new SafetensorsError(path, 'index', error.detail);
  return ioError(path, 'open the file', error.cause ?? error);
}
