import type { Command } from 'commander';
import { startStdioServer } from '../../../lsp/stdio.js';
import type { RegisterCommand } from './index.js';

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
    .option('--clientProcessId <pid>', 'the editor process to watch (set by language clients)')
    .addHelpText('after', '\nExample:\n  mechac lsp --stdio    the command an editor runs to start the server\n')
    .action((opts: { stdio?: boolean }) => {
      if (opts.stdio !== true) {
        process.stderr.write('mechac lsp: pass --stdio: the server speaks LSP over stdin and stdout\n');
        setExitCode(2);
        return;
      }
      startStdioServer();
    });
};
