import { basename } from 'node:path';
import { removeStaleTemps } from '../runtime/files/stale-temps.js';

/**
 * Removes the temporary files an earlier, dead process left beside `output` (a killed or crashed run) and says
 * so in one line on `err`.
 */
export function cleanStaleTemps(output: string, err: (text: string) => void): void {
  const removed = removeStaleTemps(output);
  if (removed.length === 0) return;
  const names = removed.map((t) => `${basename(t.path)} (process ${t.pid})`).join(', ');
  const files = removed.length === 1 ? 'a temporary file' : `${removed.length} temporary files`;
  err(`removed ${files} left by an unfinished earlier write of ${output}: ${names}\n`);
}
