import type { TensorEntry } from './header.js';

/**
 * What the runtime reads a model through: one safetensors file or a set of shards. Reads are positional and
 * per tensor (or per byte range of a tensor), so only what is asked for is ever resident.
 */
export interface TensorReader {
  /** The file (or shard index) this reader was opened from. */
  readonly path: string;
  /** Every tensor; a sharded model's entries have offsets in their own shard file. */
  readonly entries: ReadonlyMap<string, TensorEntry>;
  /** `__metadata__` (for shards: the first shard's). */
  readonly metadata: Readonly<Record<string, string>>;
  /** The entry of a tensor; throws a SafetensorsError (reason 'missing-key') when there is none. */
  entry(name: string): TensorEntry;
  /** The file that holds a tensor's bytes. */
  fileOf(name: string): string;
  /** A tensor's raw bytes in a new, aligned buffer. */
  readBytes(name: string): Uint8Array;
  /** A tensor's raw bytes into `target`, which must be exactly the tensor's byte length. */
  readInto(name: string, target: Uint8Array): void;
  /** `target.byteLength` bytes of a tensor, from `byteOffset` within the tensor (for chunked streaming). */
  readRange(name: string, byteOffset: number, target: Uint8Array): void;
  /** The tensor decoded to float32 (any dtype). */
  readFloat32(name: string): Float32Array;
  /** The tensor decoded to float64 (any dtype). */
  readFloat64(name: string): Float64Array;
  /** Releases the file descriptors; idempotent. */
  close(): void;
}
