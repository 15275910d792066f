import { AtomicFile } from './atomic-file.js';

/**
 * Replaces (or creates) `path` with `data` through a temporary file: on a full disk or any other failure the old
 * content stays and no temporary file is left. Throws the file-system error, or an OutputTargetError for a path
 * that is not a regular file.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const file = AtomicFile.create(path);
  try {
    file.writeAt(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, 0);
  } catch (error) {
    file.discard();
    throw error;
  }
  file.commit();
}
