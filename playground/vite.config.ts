import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web playground: a static page (Monaco + the language service in a web worker), built into playground/dist.
 * Everything it needs at runtime is bundled, Monaco's editor worker included, so the page makes no network
 * requests beyond its own files.
 */
const playgroundDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: playgroundDir,
  // Relative asset URLs: the built page works from any path (a sub-folder of a static host, a test server).
  base: './',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Monaco is one large chunk by nature; do not warn about it.
    chunkSizeWarningLimit: 6000,
    reportCompressedSize: false,
    // Monaco's many modules make the bundler's timing report fire on every build; it is not actionable here.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: {
    format: 'es',
  },
  server: {
    host: '127.0.0.1',
    // The page imports the sample recipes from test/fixtures and the language service from src/.
    fs: { allow: [repoRoot] },
  },
});
