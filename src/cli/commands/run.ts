import { Option, type Command } from 'commander';
import { createRegistry } from '../../registry/registry.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { LowerError } from '../../plan/lower.js';
import { formatBytes } from '../../plan/print.js';
import { SAVE_DTYPES } from '../../merge/save-dtypes.js';
import { CancelledError, execute } from '../../runtime/executor/execute.js';
import { preparePlan } from '../prepare-plan.js';
import { extractLora } from '../../lora/extract/extract-lora.js';
import type { Plan } from '../../plan/plan.js';
import type { Architecture } from '../../registry/architecture.js';
import { missingModelsDirs } from '../../merge/models-dirs.js';
import { outputPathOf } from '../output-path.js';
import { formatDuration, ProgressDisplay } from '../progress.js';
import { cleanStaleTemps } from '../stale-temps.js';
import { sizeOption, wholeNumberOption } from '../option-values.js';
import { defaultMemoryBudget, defaultThreads, memoryBudgetRange, THREADS } from '../../merge/run-limits.js';
import { formatSize } from '../sizes.js';
import type { RegisterCommand } from './index.js';

/** Signals that cancel a run: Ctrl-C, `kill`, a closed terminal, Ctrl-\. Each leaves no output and exits 130. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

interface RunFlags {
  readonly output?: string;
  readonly param: string[];
  readonly modelsDir?: string[];
  readonly threads?: number;
  readonly workDtype: 'fp32' | 'fp64';
  readonly saveDtype?: string;
  readonly memoryBudget?: number;
  readonly allowDelta?: boolean;
  readonly progress: boolean;
}

export const registerRun: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('run')
    .description('merge: check the recipe, then stream every key of the output into a safetensors file')
    .argument('<recipe>', 'the .mecha recipe to run')
    .option('-o, --output <file>', 'the .safetensors file to write (`.safetensors` is appended to a name without a suffix; written to a temporary file, renamed when done)')
    .option('--models-dir <dir>', 'where model paths are looked up (repeatable; also MECHA_MODELS_DIR)', collect)
    .option('-p, --param <name=value>', "fill a param with a model path or a .mecha recipe, as `mechac compose` does (repeatable)", collect, [])
    .option(
      '--threads <n>',
      `worker threads computing keys, ${THREADS.min} to ${THREADS.max}; 0 computes on the calling thread (default: ${defaultThreads()}, one per core)`,
      wholeNumberOption('--threads', THREADS),
    )
    .addOption(new Option('--work-dtype <dtype>', 'precision of the math').choices(['fp32', 'fp64']).default('fp32'))
    .addOption(
      new Option('--save-dtype <dtype>', "dtype of merged tensors (default: each key's dtype in the first model)").choices(
        Object.keys(SAVE_DTYPES),
      ),
    )
    .option(
      '--memory-budget <size>',
      `bytes of tensors in flight, ${formatSize(memoryBudgetRange().min)} to ${formatSize(memoryBudgetRange().max)} (this machine's memory), ` +
        `e.g. 512M, 2G (default: ${formatSize(defaultMemoryBudget())})`,
      sizeOption('--memory-budget', memoryBudgetRange()),
    )
    .option('--allow-delta', 'accept a recipe whose output is a delta (a difference of models)')
    .option('--no-progress', 'no progress bar, only the summary line')
    .addHelpText(
      'after',
      `
Examples:
  mechac run merge.mecha -o merged.safetensors --models-dir ~/models
  mechac run merge.mecha -o merged.safetensors --save-dtype bf16 --threads 4 --memory-budget 1G

Passthrough keys (VAE, position ids, scheduler buffers) are copied byte for byte from the first model that has
them; integer tensors keep their dtype. The recipe is embedded in the output's metadata (\`mechac recipe\` prints it).`,
    )
    .action(async (recipe: string, flags: RunFlags) => {
      setExitCode(await runRecipe(recipe, flags));
    });
};

/** A recipe ending in to_lora: the deltas are factored and a kohya-format LoRA is written (fp32 by default). */
function writeLoraOutput(prepared: { plan: Plan; sources: readonly string[] }, arch: Architecture, output: string, flags: RunFlags): number {
  try {
    const summary = extractLora(prepared.plan, arch, {
      output,
      sources: prepared.sources,
      dtype: flags.saveDtype === undefined ? 'F32' : SAVE_DTYPES[flags.saveDtype]!,
    });
    const distinct = new Set(summary.ranks);
    const rank = distinct.size === 1 ? `rank ${[...distinct][0]!}` : `ranks ${Math.min(...distinct)} to ${Math.max(...distinct)}`;
    process.stderr.write(
      `wrote LoRA ${output}: ${summary.modules} modules (${rank}) from ${summary.keys} keys, ` +
        `${formatBytes(summary.bytes)} in ${formatDuration(summary.seconds)}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`mechac run: error: ${(error as Error).message}\n`);
    return 1;
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function runRecipe(recipe: string, flags: RunFlags): Promise<number> {
  const stderr = process.stderr;
  const color = stderr.isTTY === true;
  // Both were checked against their ranges when the options were parsed.
  const threads = flags.threads ?? defaultThreads();
  const budget = flags.memoryBudget ?? defaultMemoryBudget();

  if (flags.output === undefined) {
    stderr.write('mechac run: -o FILE is required: the .safetensors file to write (see `mechac run --help`)\n');
    return 2;
  }
  const target = outputPathOf(flags.output);
  if ('problem' in target) {
    stderr.write(`mechac run: nothing was written: ${target.problem}\n`);
    return 2;
  }
  const output = target.path;
  for (const dir of missingModelsDirs(flags.modelsDir)) {
    stderr.write(`mechac run: --models-dir ${dir}: no such folder\n`);
    return 2;
  }

  const registry = createRegistry();
  let prepared;
  try {
    prepared = preparePlan(
      {
        recipe,
        params: flags.param,
        command: 'run',
        modelsDirs: flags.modelsDir,
        workDtype: flags.workDtype,
        saveDtype: flags.saveDtype === undefined ? undefined : SAVE_DTYPES[flags.saveDtype],
        allowDelta: flags.allowDelta,
      },
      registry,
      color,
    );
  } catch (error) {
    if (error instanceof LowerError) {
      stderr.write(`mechac run: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (!prepared.ok) {
    stderr.write(prepared.report);
    return prepared.kind === 'usage' ? 2 : 1;
  }
  if (prepared.warnings.length > 0) stderr.write(renderDiagnostics(prepared.warnings, prepared.text, recipe, { color }));

  cleanStaleTemps(output, (text) => void stderr.write(text));
  if (prepared.loraOutput) return writeLoraOutput(prepared, prepared.loraOutput, output, flags);
  const display = new ProgressDisplay(stderr, flags.progress && stderr.isTTY === true);
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl-C: stop now (the exit hook removes the temp)
    controller.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    const summary = await execute(prepared.plan, {
      output,
      sources: prepared.sources,
      threads,
      memoryBudget: budget,
      signal: controller.signal,
      onProgress: (p) => display.update(p),
    });
    display.clear();
    for (const { key, count } of summary.nonFinite.slice(0, 10)) {
      stderr.write(`warning: ${count} NaN or infinite value${count === 1 ? '' : 's'} in ${key}\n`);
    }
    if (summary.nonFinite.length > 10) stderr.write(`warning: ... and ${summary.nonFinite.length - 10} more keys with NaN or infinite values\n`);
    const rate = summary.seconds > 0 ? summary.bytes / summary.seconds : 0;
    const rss = process.resourceUsage().maxRSS * 1024;
    stderr.write(
      `wrote ${output}: ${summary.keys} keys, ${formatBytes(summary.bytes)} in ${formatDuration(summary.seconds)} ` +
        `(${formatBytes(rate)}/s, ${threads} thread${threads === 1 ? '' : 's'}, peak memory ${formatBytes(rss)})\n`,
    );
    return 0;
  } catch (error) {
    display.clear();
    if (error instanceof CancelledError) {
      stderr.write(`mechac run: ${error.message}\n`);
      return 130;
    }
    stderr.write(`mechac run: error: ${(error as Error).message}\n`);
    if (process.env['MECHA_DEBUG'] && error instanceof Error && error.stack) stderr.write(error.stack + '\n');
    return 1;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}
