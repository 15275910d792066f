import { runCheckBench } from './check.js';
import { runLinalgBench } from './linalg.js';
import { runParseBench } from './parse.js';
import { runtimeBench, runtimeTable } from './runtime.js';
import { runServiceBench } from './service.js';
import { runStartupBench } from './startup.js';

/**
 * `npm run bench`: every benchmark of the project, printed as it goes. `npm run bench -- runtime linalg` runs only
 * the sections named. Figures only: nothing here asserts a timing.
 */
const sections: Record<string, () => void | Promise<void>> = {
  parse: () => runParseBench(),
  check: () => runCheckBench(),
  runtime: () => {
    const rows = runtimeBench((line) => process.stderr.write(line + '\n'));
    process.stdout.write(runtimeTable(rows) + '\n');
  },
  service: () => runServiceBench(),
  startup: () => runStartupBench(),
  linalg: () => runLinalgBench(),
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in sections)) {
    process.stderr.write(`unknown section '${name}'; sections: ${Object.keys(sections).join(', ')}\n`);
    process.exit(2);
  }
}
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stdout.write(`\n## ${name}\n\n`);
  await run();
}
