import { readdirSync, realpathSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isUnfinishedHere } from './atomic-file.js';
import { tempOwner } from './temp-name.js';

/** A temporary file removed because the process that was writing it is gone. */
export interface StaleTemp {
  readonly path: string;
  readonly pid: number;
}

/**
 * Removes the temporary files that earlier writes of `target` left behind when their process died without
 * cleaning up (killed, or out of memory). A file counts only if its name is one `tempPathFor(target)` makes and
 * the PID it carries is no running process, or is this process's but none of its writes under way (a PID reused,
 * as in containers that restart). Files of other live processes are left alone. Returns what was removed.
 */
export function removeStaleTemps(target: string): StaleTemp[] {
  let real = target;
  try {
    real = realpathSync(target);
  } catch {
    // no file yet: its temporaries sit beside the path as given
  }
  const folder = dirname(real);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: StaleTemp[] = [];
  for (const name of names) {
    const pid = tempOwner(name, real);
    const path = join(folder, name);
    if (pid === undefined) continue;
    if (pid === process.pid ? isUnfinishedHere(path) : isRunning(pid)) continue;
    try {
      unlinkSync(path);
      removed.push({ path, pid });
    } catch {
      // removed meanwhile, or not ours to remove
    }
  }
  return removed;
}

/** Whether a process with this PID exists; one we may not signal (another user's) exists too. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code !== 'ESRCH';
  }
}
