import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { MAX_RECIPE_LENGTH } from '../text/limits.js';
import { errnoCode } from './errors.js';

/**
 * Every file mecha reads as input (recipes, shard indexes, safetensors files) is opened here. A path is looked at
 * before it is opened: only a regular file is read. A named pipe would block the open until some writer came, a
 * device like /dev/zero never ends, so both are refused by name, as is a directory. Text inputs have a size limit
 * checked before reading and again while reading (the file may grow in between).
 */

/** The largest recipe mecha reads (the parser's limit in characters, as bytes): recipes are a few KiB. */
export const MAX_RECIPE_BYTES = MAX_RECIPE_LENGTH;
/** The largest shard index (`model.safetensors.index.json`): about 100 bytes per tensor name. */
export const MAX_SHARD_INDEX_BYTES = 64 * 1024 * 1024;

export type InputFileReason =
  | 'missing' // nothing at that path
  | 'not-a-file' // a directory, named pipe, device or socket
  | 'too-large' // over the size limit of its kind
  | 'unreadable'; // permission denied or another file-system error

/** Why an input was refused; the message names the file and what it is. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
  readonly path: string;
  readonly reason: InputFileReason;
  /** The explanation without the path prefix: `is a named pipe (FIFO), not a regular file`. */
  readonly detail: string;
  /** For `not-a-file`: what the path is (`a directory`). */
  readonly fileType: string | undefined;

  constructor(path: string, reason: InputFileReason, detail: string, options: { fileType?: string; cause?: unknown } = {}) {
    super(`${path}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.path = path;
    this.reason = reason;
    this.detail = detail;
    this.fileType = options.fileType;
  }
}

/** What a path is, in words, for messages: `a directory`, `a named pipe (FIFO)`, `a character device`. */
export function describeFileType(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** What an input is for messages about its size: `recipe`, `shard index`. */
export interface InputKind {
  readonly what: string;
  readonly maxBytes?: number | undefined;
}

/**
 * The stats of a regular file, looked up without opening it (links are followed). Throws InputFileError for
 * anything else, or a file over `kind.maxBytes`.
 */
export function statInputFile(path: string, kind?: InputKind): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw fileSystemError(path, error);
  }
  requireRegularFile(path, stats, kind);
  return stats;
}

/**
 * Opens a regular file for reading; the caller closes the descriptor. The path is looked at first, and the open
 * itself never waits: should the path be swapped for a named pipe in between, the check after opening sees it.
 */
export function openInputFile(path: string, kind?: InputKind): { readonly fd: number; readonly size: number } {
  statInputFile(path, kind);
  let fd: number;
  try {
    // O_NONBLOCK is ignored for regular files; Windows has no such flag and no FIFOs to open.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw fileSystemError(path, error);
  }
  try {
    const stats = fstatSync(fd);
    requireRegularFile(path, stats, kind);
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The whole of a text file (UTF-8, as readFileSync decodes it) of at most `kind.maxBytes`. */
export function readInputText(path: string, kind: InputKind): string {
  const { fd } = openInputFile(path, kind);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 16);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw fileSystemError(path, error);
      }
      if (n === 0) break;
      total += n;
      if (kind.maxBytes !== undefined && total > kind.maxBytes) throw tooLarge(path, kind, total, true);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function requireRegularFile(path: string, stats: Stats, kind: InputKind | undefined): void {
  if (!stats.isFile()) {
    const fileType = describeFileType(stats);
    throw new InputFileError(path, 'not-a-file', `is ${fileType}, not a regular file`, { fileType });
  }
  if (kind?.maxBytes !== undefined && stats.size > kind.maxBytes) throw tooLarge(path, kind, stats.size, false);
}

function tooLarge(path: string, kind: InputKind, bytes: number, whileReading: boolean): InputFileError {
  const limit = `the ${formatMiB(kind.maxBytes!)} limit for a ${kind.what}`;
  const detail = whileReading ? `grew past ${limit} while it was read` : `is ${bytes} bytes, over ${limit}`;
  return new InputFileError(path, 'too-large', detail);
}

/** `16 MiB`: the limits are whole MiB. */
function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}

function fileSystemError(path: string, error: unknown): InputFileError {
  const code = errnoCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new InputFileError(path, 'missing', 'no such file', { cause: error });
  if (code === 'EISDIR') return new InputFileError(path, 'not-a-file', 'is a directory, not a file', { fileType: 'a directory', cause: error });
  if (code === 'EACCES' || code === 'EPERM') return new InputFileError(path, 'unreadable', 'permission denied', { cause: error });
  const why = error instanceof Error ? error.message : String(error);
  return new InputFileError(path, 'unreadable', `cannot be read: ${why}`, { cause: error });
}
