import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { ModelEntry } from '../src/service/api.js';
import { INDEX_FILE_NAME } from '../src/runtime/safetensors/sharded.js';

export interface ListModelsOptions {
  /** Folders deeper than this under a models directory are not entered (a models tree is shallow). */
  readonly maxDepth?: number;
  /** Stop after this many models: completion lists stay short and a huge tree does not stall the editor. */
  readonly limit?: number;
}

const SUFFIX = '.safetensors';

/**
 * The models in the models directories, as a recipe names them: relative to the directory, `/`-separated, without
 * `.safetensors`. A folder holding `model.safetensors.index.json` is one sharded model (its shards are not listed).
 * A path found in two directories is listed once, from the first, as the search order would resolve it. Hidden
 * entries are skipped; unreadable folders are passed over.
 */
export function listModels(modelsDirs: readonly string[], options: ListModelsOptions = {}): ModelEntry[] {
  const maxDepth = options.maxDepth ?? 4;
  const limit = options.limit ?? 5000;
  const found = new Map<string, ModelEntry>();

  function visit(dir: string, prefix: string, depth: number): void {
    const entries = readDir(dir);
    if (entries.some((e) => e.isFile() && e.name === INDEX_FILE_NAME) && prefix !== '') {
      const path = prefix.slice(0, -1);
      if (!found.has(path)) found.set(path, { path, size: shardsSize(dir, entries) });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (found.size >= limit) return;
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (isDirectory(entry, full)) {
        if (depth < maxDepth) visit(full, `${prefix}${entry.name}/`, depth + 1);
      } else if (entry.name.endsWith(SUFFIX)) {
        const path = prefix + entry.name.slice(0, -SUFFIX.length);
        if (!found.has(path)) found.set(path, withSize(path, full));
      }
    }
  }

  for (const dir of modelsDirs) visit(dir, '', 0);
  return [...found.values()];
}

function readDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Symbolic links to folders are followed: models are often linked in from elsewhere. */
function isDirectory(entry: Dirent, full: string): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

function withSize(path: string, file: string): ModelEntry {
  try {
    return { path, size: statSync(file).size };
  } catch {
    return { path };
  }
}

function shardsSize(dir: string, entries: readonly Dirent[]): number {
  let total = 0;
  for (const entry of entries) {
    if (!entry.name.endsWith(SUFFIX)) continue;
    try {
      total += statSync(join(dir, entry.name)).size;
    } catch {
      // A shard that vanished between listing and stat counts for nothing.
    }
  }
  return total;
}
