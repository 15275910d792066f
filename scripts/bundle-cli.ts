// Bundles `mechac` into dist/cli/: run by `npm run build` after tsc.
//
// Loading the CLI from tsc's output costs most of a second before any work: hundreds of small ES modules
// (Chevrotain alone brings lodash-es, file by file). One bundle per command, split so that the code commands share
// is loaded once, reads a handful of files instead. Each command's module is imported only when that command runs
// (src/cli/commands/index.ts), so `--version` loads no parser and `check` no runtime, formatter or language server.
//
// The executor's worker is an entry of its own beside the chunks: the pool starts it as `./worker.js` relative to
// the module that holds the pool, and every chunk lands in the same folder.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist', 'cli');

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: {
    mechac: join(ROOT, 'src', 'cli', 'main.ts'),
    worker: join(ROOT, 'src', 'runtime', 'executor', 'worker.ts'),
  },
  outdir: OUT,
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // CommonJS dependencies (the language server's protocol library) call require() for Node's own modules; an ES
  // module has no require of its own, so each output file gets one.
  banner: { js: "import { createRequire as __mechaRequire } from 'node:module'; const require = __mechaRequire(import.meta.url);" },
  logLevel: 'warning',
});
