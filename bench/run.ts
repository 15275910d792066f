import { runtimeBench, runtimeTable } from './runtime.js';

/** `npm run bench`: the runtime table (and the others as they are added), printed as markdown. */
const log = (line: string): void => {
  process.stderr.write(line + '\n');
};

const rows = runtimeBench(log);
process.stdout.write('\n## mechac run on synthetic full-size SD1 checkpoints (fp16, 2.1 GB each)\n\n' + runtimeTable(rows) + '\n');
