import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { SafetensorsError, ioError } from '../errors.js';
import { InputFileError, MAX_SHARD_INDEX_BYTES, readInputText } from '../input-file.js';
import type { TensorEntry } from './header.js';
import { asSafetensorsError, SafetensorsFile } from './file.js';
import type { TensorReader } from './reader.js';

export const INDEX_FILE_NAME = 'model.safetensors.index.json';

/**
 * A model split into shards, described by a `*.safetensors.index.json` whose `weight_map` maps each key to the
 * shard file (relative to the index) that holds it. Opening reads every shard's header and checks that the index
 * and the shards agree exactly: a key listed but absent, present but unlisted, or present in two shards is an
 * error, since any of them would make the merged model silently differ from what the index describes.
 */
export class ShardedModel implements TensorReader {
  readonly path: string;
  readonly entries: ReadonlyMap<string, TensorEntry>;
  readonly metadata: Readonly<Record<string, string>>;
  /** The shards, in the order of their file names. */
  readonly shards: readonly SafetensorsFile[];
  private readonly owner: ReadonlyMap<string, SafetensorsFile>;

  private constructor(path: string, shards: SafetensorsFile[], owner: Map<string, SafetensorsFile>) {
    this.path = path;
    this.shards = shards;
    this.owner = owner;
    const entries = new Map<string, TensorEntry>();
    // Shard by shard, each in file order: reading keys in this order reads every file front to back.
    for (const shard of shards) for (const [k, e] of shard.entries) if (owner.get(k) === shard) entries.set(k, e);
    this.entries = entries;
    this.metadata = shards[0]?.metadata ?? Object.freeze({});
  }

  static open(indexPath: string): ShardedModel {
    const weightMap = readWeightMap(indexPath);
    const folder = dirname(indexPath);
    const byFile = new Map<string, SafetensorsFile>();
    try {
      for (const [key, file] of weightMap) {
        if (!byFile.has(file)) byFile.set(file, SafetensorsFile.open(join(folder, file)));
        const shard = byFile.get(file)!;
        if (!shard.entries.has(key)) {
          throw new SafetensorsError(indexPath, 'index', `weight_map puts this tensor in "${file}", which does not contain it`, key);
        }
      }
      const owner = new Map<string, SafetensorsFile>();
      const shards = [...byFile.keys()].sort().map((f) => byFile.get(f)!);
      for (const shard of shards) {
        for (const key of shard.entries.keys()) {
          const listed = weightMap.get(key);
          if (listed === undefined) {
            throw new SafetensorsError(indexPath, 'index', `shard "${basename(shard.path)}" holds this tensor but weight_map does not list it`, key);
          }
          if (byFile.get(listed) === shard) owner.set(key, shard);
          // A key also present in a shard the index does not name for it is a duplicate.
          else throw new SafetensorsError(indexPath, 'index', `found in "${basename(shard.path)}" but weight_map puts it in "${listed}"`, key);
        }
      }
      return new ShardedModel(indexPath, shards, owner);
    } catch (error) {
      for (const shard of byFile.values()) shard.close();
      throw error;
    }
  }

  entry(name: string): TensorEntry {
    const e = this.entries.get(name);
    if (!e) throw new SafetensorsError(this.path, 'missing-key', 'no such tensor in this model', name);
    return e;
  }

  fileOf(name: string): string {
    return this.shardOf(name).path;
  }

  readBytes(name: string): Uint8Array {
    return this.shardOf(name).readBytes(name);
  }

  readInto(name: string, target: Uint8Array): void {
    this.shardOf(name).readInto(name, target);
  }

  readRange(name: string, byteOffset: number, target: Uint8Array): void {
    this.shardOf(name).readRange(name, byteOffset, target);
  }

  readFloat32(name: string): Float32Array {
    return this.shardOf(name).readFloat32(name);
  }

  readFloat64(name: string): Float64Array {
    return this.shardOf(name).readFloat64(name);
  }

  close(): void {
    for (const shard of this.shards) shard.close();
  }

  private shardOf(name: string): SafetensorsFile {
    const shard = this.owner.get(name);
    if (!shard) throw new SafetensorsError(this.path, 'missing-key', 'no such tensor in this model', name);
    return shard;
  }
}

/** Parses and checks an index's `weight_map`: string keys to shard file names inside the index's folder. */
function readWeightMap(indexPath: string): Map<string, string> {
  let text: string;
  try {
    text = readInputText(indexPath, { what: 'shard index', maxBytes: MAX_SHARD_INDEX_BYTES });
  } catch (error) {
    const failed = error instanceof InputFileError && (error.reason === 'missing' || error.reason === 'unreadable');
    throw failed ? ioError(indexPath, 'read the shard index', error.cause ?? error) : asSafetensorsError(indexPath, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError(indexPath, 'index', `shard index is not valid JSON: ${(error as Error).message}`);
  }
  const weightMap = (json as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw new SafetensorsError(indexPath, 'index', 'shard index has no "weight_map" object');
  }
  const out = new Map<string, string>();
  for (const [key, file] of Object.entries(weightMap)) {
    if (typeof file !== 'string' || file === '') {
      throw new SafetensorsError(indexPath, 'index', `weight_map value is ${JSON.stringify(file)}, not a file name`, key);
    }
    // Shards live beside the index: a path leaving that folder is refused rather than followed.
    const clean = normalize(file);
    if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`)) {
      throw new SafetensorsError(indexPath, 'index', `shard "${file}" is outside the index's folder`, key);
    }
    out.set(key, clean);
  }
  return out;
}

/**
 * Opens a model: a `.safetensors` file, a `*.index.json` shard index, or a folder holding
 * `model.safetensors.index.json` (or a single `model.safetensors`).
 */
export function openModel(path: string): TensorReader {
  if (path.endsWith('.index.json')) return ShardedModel.open(path);
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // missing: SafetensorsFile.open reports it
  }
  if (isDirectory) {
    const index = join(path, INDEX_FILE_NAME);
    // An index that is there is opened (and refused if it is a named pipe, or broken); none: maybe a single file.
    let hasIndex = false;
    try {
      hasIndex = !statSync(index).isDirectory();
    } catch {
      hasIndex = false;
    }
    return hasIndex ? ShardedModel.open(index) : SafetensorsFile.open(join(path, 'model.safetensors'));
  }
  return SafetensorsFile.open(path);
}
