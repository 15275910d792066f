import { closeSync, fchmodSync, fchownSync, fdatasync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveOutputTarget, type OutputTarget } from './output-target.js';
import { tempPathFor } from './temp-name.js';

/** Files being written and not yet committed or discarded, so an exiting process can remove their temporaries. */
const unfinished = new Set<AtomicFile>();
let exitHookInstalled = false;

/**
 * A file written all at once or not at all: bytes go to a temporary file beside the target (`tempPathFor`);
 * `commit` fsyncs it, gives it the mode (and, for root, the owner) of the file it replaces, and renames it onto
 * the target, so the target holds either its old content or the complete new one, never a part. `discard`, or
 * any failure in `commit`, removes the temporary file. File-system errors are thrown as they come, for callers
 * to word; an unusable target (a FIFO, a device, a folder) is refused with an OutputTargetError before anything
 * is created.
 */
export class AtomicFile {
  /** The path the caller asked for. */
  readonly path: string;
  readonly tempPath: string;
  private readonly target: OutputTarget;
  private fd: number | undefined;
  private state: 'open' | 'committed' | 'discarded' = 'open';
  private writebackError: Error | undefined;

  private constructor(path: string, target: OutputTarget, tempPath: string, fd: number) {
    this.path = path;
    this.target = target;
    this.tempPath = tempPath;
    this.fd = fd;
  }

  /** Checks the target and creates the temporary file; `mode` is for a new file (the umask applies). */
  static create(path: string, mode = 0o666): AtomicFile {
    const target = resolveOutputTarget(path);
    const tempPath = tempPathFor(target.path);
    const fd = openSync(tempPath, 'wx', mode);
    const file = new AtomicFile(path, target, tempPath, fd);
    unfinished.add(file);
    installExitHook();
    return file;
  }

  /** Writes all of `bytes` at `position`. */
  writeAt(bytes: Uint8Array, position: number): void {
    const fd = this.openFd();
    let done = 0;
    while (done < bytes.byteLength) {
      done += writeSync(fd, bytes, done, Math.min(1 << 30, bytes.byteLength - done), position + done);
    }
  }

  /**
   * The open descriptor of the temporary file, for positioned writes from worker threads (descriptors belong to
   * the process). It must not be used after `commit` or `discard`.
   */
  get descriptor(): number {
    return this.openFd();
  }

  /**
   * Starts writing back what was written so far, off this thread, so that `commit`'s fsync finds few dirty pages
   * left. Resolves once done; a failure is kept and thrown by `commit` (a failed sync may not fail again). Await
   * it before `commit` or `discard`, which close the descriptor.
   */
  startWriteback(): Promise<void> {
    const fd = this.openFd();
    return new Promise((resolve) =>
      fdatasync(fd, (error) => {
        this.writebackError ??= error ?? undefined;
        resolve();
      }),
    );
  }

  /** Makes the written bytes durable and puts them at the target; on failure the temporary file is removed. */
  commit(): void {
    const fd = this.openFd();
    try {
      const existing = this.target.existing;
      if (existing) {
        fchmodSync(fd, existing.mode & 0o7777);
        if (process.getuid?.() === 0) fchownSync(fd, existing.uid, existing.gid);
      }
      if (this.writebackError) throw this.writebackError;
      fsyncSync(fd);
      closeSync(fd);
      this.fd = undefined;
      renameSync(this.tempPath, this.target.path);
    } catch (error) {
      this.discard();
      throw error;
    }
    this.state = 'committed';
    unfinished.delete(this);
    syncFolder(dirname(this.target.path));
  }

  /** Closes and removes the temporary file; the target is left as it was. Idempotent. */
  discard(): void {
    if (this.state !== 'open') return;
    this.state = 'discarded';
    unfinished.delete(this);
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already unusable; removing the file is what matters
      }
      this.fd = undefined;
    }
    try {
      unlinkSync(this.tempPath);
    } catch {
      // already gone
    }
  }

  private openFd(): number {
    if (this.state !== 'open' || this.fd === undefined) throw new Error(`${this.path}: the file was already ${this.state}`);
    return this.fd;
  }
}

/** Removes the temporary file of every write not yet committed (a signal handler's cleanup; also runs at exit). */
export function discardUnfinishedFiles(): void {
  for (const file of [...unfinished]) file.discard();
}

/** Whether `tempPath` is the temporary file of a write this process has under way. */
export function isUnfinishedHere(tempPath: string): boolean {
  for (const file of unfinished) if (file.tempPath === tempPath) return true;
  return false;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', discardUnfinishedFiles);
}

/** fsync the folder so the rename itself survives a crash; some file systems refuse, which is harmless. */
function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}
