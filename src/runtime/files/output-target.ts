import { accessSync, constants, lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { errnoCode } from '../errors.js';
import { describeFileType } from '../input-file.js';

/** Why a path cannot be written as an output; the message is the path followed by the reason. */
export class OutputTargetError extends Error {
  override readonly name = 'OutputTargetError';
  constructor(
    readonly path: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${detail}`, options);
  }
}

/** The file a write of `path` replaces, and that file's current state when it exists. */
export interface OutputTarget {
  /** Where the temporary file is renamed to: `path`, or the file a symbolic link at `path` points to. */
  readonly path: string;
  readonly existing: Stats | undefined;
}

/**
 * Checks that `path` can take a written file, before anything is created: it must be a regular file or not exist.
 * File-system errors other than these refusals are thrown as they come.
 * A FIFO, device, directory or socket is refused (a rename would replace `/dev/null` itself); a symbolic link is
 * followed, so the file it points to is replaced and the link kept; an existing file must be writable, as it
 * would be for writing in place.
 */
export function resolveOutputTarget(path: string): OutputTarget {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { path, existing: undefined };
    throw error; // a parent that is not a folder, a folder we may not search: the caller words it
  }
  let target = path;
  let stats = link;
  if (link.isSymbolicLink()) {
    try {
      target = realpathSync(path);
      stats = statSync(target);
    } catch (error) {
      throw new OutputTargetError(path, `is a symbolic link that leads nowhere (${describe(error)}); remove it or choose another output path`);
    }
  }
  const kind = specialKind(stats);
  if (kind !== undefined) throw new OutputTargetError(path, `is ${kind}, not a regular file; choose a file name`);
  try {
    accessSync(target, constants.W_OK);
  } catch (error) {
    throw new OutputTargetError(path, `cannot replace the existing file: ${describe(error)}`, { cause: error });
  }
  return { path: target, existing: stats };
}

function specialKind(stats: Stats): string | undefined {
  return stats.isFile() ? undefined : describeFileType(stats);
}

function describe(error: unknown): string {
  const code = errnoCode(error);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return error instanceof Error ? error.message : String(error);
}
