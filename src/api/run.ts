import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { modelsDirsOf } from '../merge/models-dirs.js';
import { prepareRecipe } from '../merge/prepare.js';
import { defaultMemoryBudget, defaultThreads } from '../merge/run-limits.js';
import { SAVE_DTYPES } from '../merge/save-dtypes.js';
import { parse } from '../parser/parse.js';
import type { Plan } from '../plan/plan.js';
import { createRegistry, type Registry } from '../registry/registry.js';
import { execute, type ExecuteSummary, type Progress } from '../runtime/executor/execute.js';
import { check as checkDocument } from '../typecheck/check.js';
import { createFileHost } from '../merge/models-dirs.js';
import { formatConfigProblem, loadProjectConfig, openProject, projectRegistry } from '../project/config.js';
import { RecipeError } from './errors.js';
import type { RecipeInput } from './recipe.js';
import { serialize } from './serialize.js';

export type SaveDtype = 'fp16' | 'bf16' | 'fp32' | 'fp64' | 'fp8_e4m3' | 'fp8_e5m2';

/** Where a recipe's models are found, and what it is checked against. */
export interface RecipeOptions {
  /** Looked in, in order, for relative model paths; then MECHA_MODELS_DIR's entries. */
  readonly modelsDirs?: readonly string[];
  /** Also looked in for relative model paths (as a `.mecha` file's own folder is). */
  readonly recipeDir?: string;
  /**
   * The project configuration (`mecha.config.json`: architectures, models directories): a file, or false for none.
   * By default the nearest one from `recipeDir` (or the working directory) upward.
   */
  readonly config?: string | false;
}

export interface PlanOptions extends RecipeOptions {
  readonly workDtype?: 'fp32' | 'fp64';
  /** Dtype of merged tensors; by default each key's dtype in the first model. */
  readonly saveDtype?: SaveDtype;
  /** Accept a recipe whose output is a delta. */
  readonly allowDelta?: boolean;
}

export interface MergeOptions extends PlanOptions {
  /** The .safetensors file to write (through a temporary file, renamed when done). */
  readonly output: string;
  /** Worker threads; 0 computes on the calling thread. Default: one per core. */
  readonly threads?: number;
  /** Bytes of tensors in flight. */
  readonly memoryBudget?: number;
  /** Aborting cancels the run and leaves no output. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
}

export interface CheckReport {
  /** No errors (warnings may remain). */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** The recipe's `.mecha` text, which the diagnostics' spans point into. */
  readonly text: string;
  /** The diagnostics rendered as `mechac check` prints them; empty when there are none. */
  readonly report: string;
}

/** Type-checks a recipe as `mechac check` checks its text, reading the headers of the models it can find. */
export function check(recipe: RecipeInput, options: RecipeOptions = {}): CheckReport {
  const text = serialize(recipe);
  const { registry, modelsDirs } = project(options);
  const parsed = parse(text);
  const host = createFileHost({ modelsDirs, recipeDir: options.recipeDir });
  const checked = checkDocument(parsed.document, registry, host, { text });
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  return {
    ok: !diagnostics.some((d) => d.severity === 'error'),
    diagnostics,
    text,
    report: diagnostics.length === 0 ? '' : renderDiagnostics(diagnostics, text, '<recipe>', { color: false }),
  };
}

/** The per-key plan of a recipe, as `mechac plan` prints it. Throws RecipeError when the recipe has errors. */
export function plan(recipe: RecipeInput, options: PlanOptions = {}): Plan {
  return prepare(recipe, options).plan;
}

/** Merges: checks the recipe, then streams every key of the output into `options.output`. */
export async function merge(recipe: RecipeInput, options: MergeOptions): Promise<ExecuteSummary> {
  const { plan: prepared } = prepare(recipe, options);
  return execute(prepared, {
    output: options.output,
    threads: options.threads ?? defaultThreads(),
    memoryBudget: options.memoryBudget ?? defaultMemoryBudget(),
    signal: options.signal,
    onProgress: options.onProgress,
  });
}

function prepare(recipe: RecipeInput, options: PlanOptions): { plan: Plan; warnings: readonly Diagnostic[] } {
  const text = serialize(recipe);
  const saveDtype = options.saveDtype === undefined ? undefined : SAVE_DTYPES[options.saveDtype];
  if (options.saveDtype !== undefined && saveDtype === undefined) {
    throw new RangeError(`saveDtype must be one of ${Object.keys(SAVE_DTYPES).join(', ')}, not '${options.saveDtype}'`);
  }
  const { registry, modelsDirs } = project(options);
  const prepared = prepareRecipe(
    {
      text,
      recipeDir: options.recipeDir,
      modelsDirs,
      workDtype: options.workDtype,
      saveDtype,
      allowDelta: options.allowDelta,
    },
    registry,
  );
  if (!prepared.ok) throw new RecipeError(prepared.diagnostics, text, '<recipe>', prepared.problem);
  return prepared;
}

/** The registry and models directories of the options' project; a configuration with mistakes throws. */
function project(options: RecipeOptions): { registry: Registry; modelsDirs: string[] } {
  const fromOptions = modelsDirsOf(options.modelsDirs, process.env['MECHA_MODELS_DIR']);
  if (options.config === false) return { registry: createRegistry(), modelsDirs: fromOptions };
  const config = typeof options.config === 'string' ? loadProjectConfig(options.config) : undefined;
  const opened = config !== undefined ? { config, registry: projectRegistry(config) } : openProject(options.recipeDir ?? process.cwd());
  if (opened.config !== undefined && opened.config.problems.length > 0) {
    throw new ProjectConfigError(opened.config.problems.map(formatConfigProblem).join('\n'));
  }
  return { registry: opened.registry, modelsDirs: [...fromOptions, ...(opened.config?.modelsDirs ?? [])] };
}

/** A project configuration with mistakes; the message lists them with file and line. */
export class ProjectConfigError extends Error {
  override readonly name = 'ProjectConfigError';
}
