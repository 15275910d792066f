import { Command, CommanderError } from 'commander';
import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { commandsFor } from './commands/index.js';
import { VERSION } from '../version.js';

/**
 * The `mechac` entry point. Each command lives in its own file under `commands/` and registers itself on the
 * program; a command's action returns its exit code. Only this file calls `process.exit`.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('mechac')
    .description('mecha: a typed language and streaming runtime for merging Stable Diffusion checkpoints')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run `mechac --help` for usage)')
    .exitOverride();

  // A closed pipe (`mechac plan ... | head`) ends the output, not the program with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      // A closed terminal: the SIGHUP that comes with it cancels a run; what it would have printed is dropped.
      if (error.code === 'EIO') return;
      throw error;
    });
  }

  // Every way out (the command's end, a second Ctrl-C, a closed pipe, an internal error) passes the exit hook.
  const terminals = [0, 1, 2].filter((fd) => isatty(fd));
  process.once('exit', () => closeVanishedTerminals(terminals));

  let exitCode = 0;
  const registers = await Promise.all(commandsFor(argv.slice(2)).map((command) => command.load()));
  for (const register of registers) {
    register(program, (code) => {
      exitCode = Math.max(exitCode, code);
    });
  }

  try {
    await program.parseAsync(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors with 1, which we report as 2.
      process.exit(error.exitCode === 0 ? 0 : 2);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`mechac: internal error: ${message}\n`);
    if (process.env['MECHA_DEBUG'] && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
    process.exit(70);
  }
  process.exitCode = exitCode;
}

/**
 * Closes the standard streams whose terminal went away during the command (closing the window). Node restores
 * the settings of terminals it started on as it exits, and aborts (SIGABRT) when one has vanished; a closed
 * descriptor it skips, so the exit code stays the command's (130 after the SIGHUP that came with it).
 */
function closeVanishedTerminals(terminals: readonly number[]): void {
  for (const fd of terminals) {
    if (isatty(fd)) continue;
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}
