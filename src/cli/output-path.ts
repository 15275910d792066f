import { statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { PICKLE_SUFFIXES } from '../merge/models-dirs.js';

/** The file `run -o` writes, or why it cannot, said before any work is done. */
export type OutputPath = { readonly path: string } | { readonly problem: string };

/**
 * The merged model's path for `-o NAME`: `.safetensors` is appended to a name without a suffix, as sd-mecha does (a
 * bare `-o out/a` would otherwise make a file that a recipe's model "a" then finds instead of `a.safetensors`).
 * Pickle suffixes are refused rather than written as safetensors under a misleading name, and a folder that does
 * not exist is named as such.
 */
export function outputPathOf(name: string): OutputPath {
  const suffix = extname(name).toLowerCase();
  if (PICKLE_SUFFIXES.includes(suffix)) {
    return {
      problem:
        `${name}: mecha writes safetensors only, not ${suffix} (a Python pickle, which runs code when loaded); ` +
        `name the output ${name.slice(0, -suffix.length)}.safetensors`,
    };
  }
  // A folder, named pipe or device given as the output is left to the refusal that names it.
  const path = suffix === '' && !existsAsNonFile(name) ? `${name}.safetensors` : name;
  const folder = dirname(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    return { problem: `${path}: the folder ${folder} does not exist; create it first` };
  }
  if (!isFolder) return { problem: `${path}: ${folder} is not a folder` };
  return { path };
}

function existsAsNonFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}
