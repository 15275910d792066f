import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * The temporary file a write goes to before it is renamed onto `target`: hidden, in the same folder (a rename
 * within one file system is atomic), named after the target, the writing process and a random part, so two runs
 * of one process never collide and a later run can tell whose leftover it is.
 */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * The PID in the name of a temporary file `tempPathFor(target)` could have made, or undefined for any other
 * name. Names without the random part, as earlier versions made them, count too.
 */
export function tempOwner(fileName: string, target: string): number | undefined {
  const prefix = `.${basename(target)}.`;
  if (!fileName.startsWith(prefix)) return undefined;
  const match = /^(\d+)(?:\.[0-9a-f]+)?\.tmp$/.exec(fileName.slice(prefix.length));
  if (!match) return undefined;
  const pid = Number(match[1]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}
