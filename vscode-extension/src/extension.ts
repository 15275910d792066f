import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * The mecha extension: the grammar and language configuration are contributed by package.json; this starts the
 * language server (bundled as dist/server.js, run with Node over stdio) and restarts it when its path changes.
 * Everything else (diagnostics, completion, formatting...) is the server's.
 */

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    commands.registerCommand('mecha.restartServer', () => restart(context)),
    workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('mecha.server.path')) void restart(context);
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function start(context: ExtensionContext): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'mecha' },
      { scheme: 'untitled', language: 'mecha' },
    ],
    outputChannelName: 'mecha',
  };
  client = new LanguageClient('mecha', 'mecha language server', serverOptions(context), clientOptions);
  try {
    await client.start();
  } catch (error) {
    void window.showErrorMessage(`mecha: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function restart(context: ExtensionContext): Promise<void> {
  const old = client;
  client = undefined;
  await old?.stop().catch(() => undefined);
  await start(context);
}

/**
 * `mecha.server.path` when set (a .js file runs with Node, anything else as `mechac lsp`), else the bundled server.
 * A relative path is taken from the workspace root; a bare name (`mechac`) is looked up on the PATH.
 */
function serverOptions(context: ExtensionContext): ServerOptions {
  const configured = workspace.getConfiguration('mecha').get<string>('server.path', '').trim();
  if (configured !== '') {
    const root = workspace.workspaceFolders?.[0]?.uri.fsPath;
    const bare = !/[\\/]/.test(configured);
    const file = bare || path.isAbsolute(configured) || root === undefined ? configured : path.resolve(root, configured);
    if (/\.[cm]?js$/.test(file)) return { module: file, transport: TransportKind.stdio };
    return { command: file, args: ['lsp'], transport: TransportKind.stdio };
  }
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  return {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
}
