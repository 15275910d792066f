import type { Command } from 'commander';
import { wholeNumberOption } from '../option-values.js';
import type { RegisterCommand } from './index.js';

/** Process ids the editor's id may take: positive and within a 32-bit signed integer, as `kill` reads it. */
const PROCESS_IDS = { min: 1, max: 2 ** 31 - 1 };

/**
 * `mechac lsp --stdio`: the language server for editors, speaking LSP on stdin and stdout. The command returns at
 * once; the process lives on while the editor's connection is open, and ends on the protocol's `exit`.
 */
export const registerLsp: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('lsp')
    .description('run the language server (LSP) for editors')
    .option('--stdio', 'speak LSP over stdin and stdout (the only transport)')
    // Language clients append the id of the editor's process; the server stops when that process is gone.
    .option(
      '--clientProcessId <pid>',
      `the editor process to watch, ${PROCESS_IDS.min} to ${PROCESS_IDS.max} (set by language clients)`,
      wholeNumberOption('--clientProcessId', PROCESS_IDS),
    )
    .addHelpText('after', '\nExample:\n  mechac lsp --stdio    the command an editor runs to start the server\n')
    .action(async (opts: { stdio?: boolean }) => {
      if (opts.stdio !== true) {
        process.stderr.write('mechac lsp: pass --stdio: the server speaks LSP over stdin and stdout\n');
        setExitCode(2);
        return;
      }
      // Loaded only here: on import the protocol library starts watching the --clientProcessId process, a timer
      // that would keep any other command (or this one without --stdio) from ever exiting.
      const { startStdioServer } = await import('../../../lsp/stdio.js');
      startStdioServer();
    });
};
