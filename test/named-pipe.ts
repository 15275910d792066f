import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * A named pipe at `dir/name`, with a writer waiting on it. Code that wrongly opened the pipe would block until
 * a writer came; this writer comes, and goes a few seconds later, so such code sees an empty input and its test
 * fails instead of hanging the suite. `close` ends the writer (it is still waiting when the pipe was left alone).
 */
export function namedPipe(dir: string, name: string): { readonly path: string; close(): void } {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  const writer: ChildProcess = spawn('sh', ['-c', 'exec 3>"$1"; sleep 3', 'sh', path], { stdio: 'ignore' });
  return {
    path,
    close() {
      writer.kill();
    },
  };
}
