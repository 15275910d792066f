import { Option, type Command } from 'commander';
import { createRegistry } from '../../registry/registry.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { LowerError } from '../../plan/lower.js';
import { printPlan } from '../../plan/print.js';
import { preparePlan } from '../prepare-plan.js';
import { SAVE_DTYPES } from '../../merge/save-dtypes.js';
import { defaultMemoryBudget, memoryBudgetRange } from '../../merge/run-limits.js';
import { sizeOption } from '../option-values.js';
import { formatSize } from '../sizes.js';
import { missingModelsDirs } from '../../merge/models-dirs.js';
import type { RegisterCommand } from './index.js';

interface PlanFlags {
  readonly modelsDir?: string[];
  readonly workDtype: 'fp32' | 'fp64';
  readonly saveDtype?: string;
  readonly keys: boolean;
  readonly json?: boolean;
  readonly memoryBudget?: number;
}

export const registerPlan: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('plan')
    .description('print the execution plan: for every output key, its inputs, ops and hyperparameters, and the memory it needs')
    .argument('<recipe>', 'the .mecha recipe')
    .option('--models-dir <dir>', 'where model paths are looked up (repeatable; also MECHA_MODELS_DIR)', (v: string, p?: string[]) => [...(p ?? []), v])
    .addOption(new Option('--work-dtype <dtype>', 'precision of the math').choices(['fp32', 'fp64']).default('fp32'))
    .addOption(new Option('--save-dtype <dtype>', 'dtype of merged tensors').choices(Object.keys(SAVE_DTYPES)))
    .option(
      '--memory-budget <size>',
      `the budget \`mechac run\` will get, to warn about keys beyond it (default: ${formatSize(defaultMemoryBudget())})`,
      sizeOption('--memory-budget', memoryBudgetRange()),
    )
    .option('--no-keys', 'only the inputs and the summary, not one line per key')
    .option('--json', 'the plan as JSON')
    .addHelpText('after', '\nOnly the models\' headers are read.\n\nExample:\n  mechac plan merge.mecha --models-dir ~/models --no-keys')
    .action((recipe: string, flags: PlanFlags) => {
      const color = process.stderr.isTTY === true;
      for (const dir of missingModelsDirs(flags.modelsDir)) {
        process.stderr.write(`mechac plan: --models-dir ${dir}: no such folder\n`);
        setExitCode(2);
        return;
      }
      try {
        const prepared = preparePlan(
          {
            recipe,
            command: 'plan',
            modelsDirs: flags.modelsDir,
            workDtype: flags.workDtype,
            saveDtype: flags.saveDtype === undefined ? undefined : SAVE_DTYPES[flags.saveDtype],
          },
          createRegistry(),
          color,
        );
        if (!prepared.ok) {
          process.stderr.write(prepared.report);
          setExitCode(prepared.kind === 'usage' ? 2 : 1);
          return;
        }
        if (prepared.warnings.length > 0) process.stderr.write(renderDiagnostics(prepared.warnings, prepared.text, recipe, { color }));
        process.stdout.write(flags.json ? JSON.stringify(prepared.plan, null, 1) + '\n' : printPlan(prepared.plan, { keys: flags.keys, memoryBudget: flags.memoryBudget ?? defaultMemoryBudget() }));
        setExitCode(0);
      } catch (error) {
        if (!(error instanceof LowerError)) throw error;
        process.stderr.write(`mechac plan: ${error.message}\n`);
        setExitCode(1);
      }
    });
};
