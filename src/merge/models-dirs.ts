import { statSync } from 'node:fs';
import { delimiter, extname, isAbsolute, join } from 'node:path';
import { SafetensorsError } from '../runtime/errors.js';
import { INDEX_FILE_NAME, openModel } from '../runtime/safetensors/sharded.js';
import type { CheckHost, ModelHeader, ModelHeaderError, TensorInfo } from '../typecheck/host.js';

/** Where a recipe's model paths are looked for. */
export interface ModelSearch {
  /** `--models-dir` (in order), then the `MECHA_MODELS_DIR` entries. */
  readonly modelsDirs: readonly string[];
  /** The folder of the recipe: relative paths are also looked for there. */
  readonly recipeDir?: string | undefined;
}

/** The directories of `--models-dir DIR` (repeatable) followed by those of `MECHA_MODELS_DIR` (a path list). */
export function modelsDirsOf(flags: readonly string[] | undefined, env: string | undefined): string[] {
  const fromEnv = (env ?? '').split(delimiter).filter((d) => d !== '');
  return [...(flags ?? []), ...fromEnv];
}

/** `--models-dir` folders that do not exist (or are not folders): a typo there makes every model "not found". */
export function missingModelsDirs(flags: readonly string[] | undefined): string[] {
  return (flags ?? []).filter((dir) => {
    try {
      return !statSync(dir).isDirectory();
    } catch {
      return true;
    }
  });
}

/** `searched`: every file name tried; `pickles`: `.ckpt`/`.pt` files found under the name, which are not read. */
export type Resolution =
  | { readonly file: string }
  | { readonly searched: readonly string[]; readonly pickles: readonly string[] };

/** Checkpoint formats that are Python pickles: loading one runs the code it holds, so mecha never opens them. */
export const PICKLE_SUFFIXES: readonly string[] = ['.ckpt', '.pt', '.pth', '.bin'];

/**
 * Finds the file a recipe names, as sd-mecha did: an absolute path as it is; a relative one in each models
 * directory, then in the recipe's folder. At each place the path is tried as written, with `.safetensors`
 * appended, and as a folder holding a sharded model (`model.safetensors.index.json`).
 */
export function resolveModelPath(path: string, search: ModelSearch): Resolution {
  const bases = isAbsolute(path) ? [''] : [...search.modelsDirs, ...(search.recipeDir !== undefined ? [search.recipeDir] : [])];
  const searched: string[] = [];
  const pickles: string[] = [];
  for (const base of bases) {
    const at = base === '' ? path : join(base, path);
    for (const candidate of candidates(at)) {
      // A named pipe or a device is "found" so that opening it reports what it is, rather than "not found".
      if (isPresentNotFolder(candidate)) return { file: candidate };
      if (!candidate.endsWith(INDEX_FILE_NAME)) searched.push(candidate);
    }
    const stem = PICKLE_SUFFIXES.includes(extname(at)) ? at.slice(0, -extname(at).length) : at;
    for (const suffix of PICKLE_SUFFIXES) if (isPresentNotFolder(stem + suffix) && !pickles.includes(stem + suffix)) pickles.push(stem + suffix);
  }
  return { searched, pickles };
}

/** Where a model was looked for, and the pickle checkpoints lying there, which are not read and why. */
function notFoundHelp(found: { readonly searched: readonly string[]; readonly pickles: readonly string[] }): string {
  const where =
    found.searched.length === 0
      ? 'no models directory is set: pass --models-dir DIR or set MECHA_MODELS_DIR'
      : `looked for ${found.searched.join(', ')}`;
  if (found.pickles.length === 0) return where;
  return (
    `${where}; found ${found.pickles.join(', ')}, which mecha does not read: .ckpt and .pt files are Python pickles, ` +
    'which run code when loaded; convert it to .safetensors'
  );
}

function candidates(at: string): string[] {
  const out = [at];
  if (!at.endsWith('.safetensors')) out.push(`${at}.safetensors`);
  out.push(join(at, INDEX_FILE_NAME));
  return out;
}

function isPresentNotFolder(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The checker's host on the file system: finds a model through the search path and reads only its header (every
 * shard's, for a sharded model).
 */
export function createFileHost(search: ModelSearch): CheckHost {
  return {
    readModelHeader(path: string): ModelHeader | ModelHeaderError {
      const found = resolveModelPath(path, search);
      if (!('file' in found)) return { error: 'not-found', message: notFoundHelp(found) };
      try {
        const model = openModel(found.file);
        try {
          const tensors = new Map<string, TensorInfo>();
          for (const [name, entry] of model.entries) tensors.set(name, { shape: entry.shape, dtype: entry.dtype });
          return { file: found.file, tensors };
        } finally {
          model.close();
        }
      } catch (error) {
        // SafetensorsError messages name the file (the shard, for sharded models) and the tensor.
        const message = error instanceof Error ? error.message : String(error);
        const notAFile = error instanceof SafetensorsError && error.reason === 'not-a-file';
        return { error: notAFile ? 'not-a-file' : 'not-safetensors', message };
      }
    },
  };
}
