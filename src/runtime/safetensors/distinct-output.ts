import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SafetensorsError } from '../errors.js';

/**
 * Refuses an output path that is one of the inputs: the same path after resolving symbolic links, or the same
 * file through a hard link (same device and inode). Pass every file a model reads (each shard of a sharded
 * model). Writing goes through a temporary file, but the rename would still replace the input.
 */
export function assertDistinctOutput(output: string, inputs: readonly string[]): void {
  const out = canonical(output);
  const outStat = identity(output);
  for (const input of inputs) {
    const same =
      canonical(input) === out ||
      (outStat !== undefined && sameFile(outStat, identity(input)));
    if (same) {
      throw new SafetensorsError(output, 'output-is-input', `the output is the input "${input}"; choose another output path`);
    }
  }
}

/** The real path of a file, or of its folder joined with its name when the file does not exist yet. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

interface FileId {
  readonly dev: number;
  readonly ino: number;
}

function identity(path: string): FileId | undefined {
  try {
    const s = statSync(path);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return undefined;
  }
}

function sameFile(a: FileId, b: FileId | undefined): boolean {
  return b !== undefined && a.dev === b.dev && a.ino === b.ino;
}
