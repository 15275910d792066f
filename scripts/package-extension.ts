// Builds the VS Code extension and packs it as mecha-<version>.vsix: `npm run package`, or
// `npx tsx scripts/package-extension.ts [--out DIR] [--stage DIR]`.
//
// - the client (vscode-extension/src/extension.ts) is bundled to dist/extension.js; `vscode` is provided by the editor;
// - the server (lsp/ with the whole language service and the registry's architecture data) is bundled to
//   dist/server.js, one file that needs nothing but Node: the .vsix carries no node_modules;
// - grammar/mecha.tmLanguage.json and grammar/language-configuration.json are copied where package.json points;
// - vsce (from node_modules) packs the folder.
//
// The extension is assembled in vscode-extension/ itself (so it can be run from there with F5), or in the --stage
// folder; the .vsix is written to --out (default: vscode-extension/).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXTENSION = join(ROOT, 'vscode-extension');
/** The files of vscode-extension/ that go into the package as they are. */
const STATIC_FILES = ['package.json', 'README.md', 'LICENSE', '.vscodeignore'];

const { values } = parseArgs({ options: { out: { type: 'string' }, stage: { type: 'string' } } });
const stage = resolve(values.stage ?? EXTENSION);
const outDir = resolve(values.out ?? EXTENSION);

mkdirSync(join(stage, 'dist'), { recursive: true });
mkdirSync(join(stage, 'syntaxes'), { recursive: true });
mkdirSync(outDir, { recursive: true });
if (stage !== EXTENSION) for (const file of STATIC_FILES) copyFileSync(join(EXTENSION, file), join(stage, file));
copyFileSync(join(ROOT, 'grammar', 'mecha.tmLanguage.json'), join(stage, 'syntaxes', 'mecha.tmLanguage.json'));
copyFileSync(join(ROOT, 'grammar', 'language-configuration.json'), join(stage, 'language-configuration.json'));

// VS Code 1.91 runs extensions on Node 20; the package has no "type", so both bundles are CommonJS.
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' } as const;

await build({
  ...common,
  entryPoints: [join(EXTENSION, 'src', 'extension.ts')],
  external: ['vscode'],
  outfile: join(stage, 'dist', 'extension.js'),
});

// The server's entry is the two lines below rather than a file, so that no module of lsp/ starts a server on import.
await build({
  ...common,
  stdin: {
    contents: "import { startStdioServer } from './lsp/stdio.js';\nstartStdioServer();\n",
    resolveDir: ROOT,
    sourcefile: 'server.ts',
    loader: 'ts',
  },
  outfile: join(stage, 'dist', 'server.js'),
});

const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = join(outDir, `${manifest.name}-${manifest.version}.vsix`);
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
// stdin is closed so that a question from vsce fails the build instead of waiting for an answer.
const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], {
  cwd: stage,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (packed.status !== 0) {
  process.stderr.write(`package-extension: vsce failed (exit ${packed.status ?? packed.signal})\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KiB)\n`);
}
