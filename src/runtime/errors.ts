/**
 * Why a safetensors file (or a set of shards, or an output) was refused. Stable codes for callers and tests;
 * people read the message.
 */
export type SafetensorsErrorReason =
  | 'io' // the file system refused (missing file, permission, full disk)
  | 'not-a-file' // a directory, named pipe, device or socket where a file was expected
  | 'too-small' // fewer than 8 bytes: no header length
  | 'header-length' // the header length runs past the end of the file or over the size limit
  | 'header-encoding' // the header is not valid UTF-8
  | 'header-json' // the header is not a JSON object
  | 'metadata' // `__metadata__` is not an object of strings
  | 'entry' // a tensor entry is not an object with dtype, shape, data_offsets
  | 'dtype' // unknown dtype name
  | 'shape' // shape is not an array of non-negative integers
  | 'offsets' // data_offsets is not a pair of integers begin <= end
  | 'offset-out-of-range' // a tensor's bytes lie past the end of the data area
  | 'byte-count' // end - begin differs from product(shape) * dtype size
  | 'overlap' // two tensors share bytes
  | 'gap' // unused bytes between tensors
  | 'trailing-bytes' // unused bytes after the last tensor
  | 'truncated' // the data area is shorter than the header describes
  | 'missing-key' // no tensor of that name
  | 'index' // a sharded model's index is malformed or disagrees with its shards
  | 'writer' // a writer was used out of order or given wrong sizes
  | 'output-is-input' // the output path names one of the inputs
  | 'output-unusable' // the output is a FIFO, device, folder, socket, broken link or a file we may not replace
  | 'closed'; // the file was used after close()

/** A malformed, unreadable or unwritable safetensors file; the message names the file and, when known, the key. */
export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
  readonly file: string;
  readonly key: string | undefined;
  readonly reason: SafetensorsErrorReason;
  /** The explanation without the file and key prefix. */
  readonly detail: string;

  constructor(file: string, reason: SafetensorsErrorReason, detail: string, key?: string, options?: { cause?: unknown }) {
    super(`${file}: ${key === undefined ? '' : `tensor "${key}": `}${detail}`, options);
    this.file = file;
    this.key = key;
    this.reason = reason;
    this.detail = detail;
  }
}

/** Node's errno code of an fs error, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Wraps a file-system error as a SafetensorsError with a plain explanation. */
export function ioError(file: string, action: string, error: unknown, key?: string): SafetensorsError {
  const code = errnoCode(error);
  const plain: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory, not a file',
    ENOTDIR: 'a parent path is not a directory',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EMFILE: 'too many open files',
  };
  const why = (code && plain[code]) ?? (error instanceof Error ? error.message : String(error));
  return new SafetensorsError(file, 'io', `cannot ${action}: ${why}${code ? ` (${code})` : ''}`, key, { cause: error });
}
