import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import type { Plan } from '../plan/plan.js';
import type { Architecture } from '../registry/architecture.js';
import type { Registry } from '../registry/registry.js';
import type { DType } from '../runtime/dtype/dtype.js';
import { modelsDirsOf } from '../merge/models-dirs.js';
import { prepareRecipe } from '../merge/prepare.js';
import { formatConfigProblem, openProject } from '../project/config.js';
import { readRecipeFile, recipeReadProblem } from './read-recipe.js';
import { runCompose } from './commands/compose.js';

export interface PlanRequest {
  readonly recipe: string;
  /** The command its messages are signed with: `mechac run: ...`. */
  readonly command?: 'run' | 'plan';
  /** `-p name=value`: params filled as `mechac compose` fills them, before checking. */
  readonly params?: readonly string[];
  readonly modelsDirs?: readonly string[];
  readonly workDtype?: 'fp32' | 'fp64';
  readonly saveDtype?: DType;
  readonly allowDelta?: boolean;
}

export type PlanOutcome =
  | {
      readonly ok: true;
      readonly plan: Plan;
      readonly warnings: readonly Diagnostic[];
      readonly text: string;
      /** Every recipe file read (the recipe, the recipes `-p` filled in), which an output must not replace. */
      readonly sources: readonly string[];
      /** The recipe ends in to_lora: the plan's keys are factored into a LoRA of this architecture. */
      readonly loraOutput: Architecture | undefined;
    }
  /** `usage`: the recipe could not be read; `recipe`: it has errors (already rendered in `report`). */
  | { readonly ok: false; readonly kind: 'usage' | 'recipe'; readonly report: string };

/**
 * Everything between a recipe file and a plan, for `run` and `plan`: read, parse, check as a run needs (every
 * model file must exist, every param be filled), then lower (src/merge/prepare.ts, shared with the library). Recipe
 * errors come back rendered as code frames; lowering problems (shape mismatches, keys a model lacks) are thrown as
 * LowerError.
 */
export function preparePlan(request: PlanRequest, registry: Registry, color: boolean): PlanOutcome {
  let text: string;
  try {
    text = readRecipeFile(request.recipe);
  } catch (error) {
    return { ok: false, kind: 'usage', report: `mechac ${request.command ?? 'run'}: ${recipeReadProblem(request.recipe, error)}\n` };
  }
  const original = text;
  const sources = [request.recipe];
  if (request.params && request.params.length > 0) {
    let composed = '';
    let report = '';
    const code = runCompose(request.recipe, { params: request.params, noFs: true }, {
      out: (t) => void (composed += t),
      err: (t) => void (report += t),
      color,
      command: request.command ?? 'run',
      read: (path) => void sources.push(path),
    });
    if (code !== 0) return { ok: false, kind: code === 2 ? 'usage' : 'recipe', report };
    text = composed;
  }
  const recipeDir = dirname(resolve(request.recipe));
  const project = openProject(recipeDir, registry);
  if (project.config !== undefined && project.config.problems.length > 0) {
    return { ok: false, kind: 'usage', report: project.config.problems.map((p) => `${formatConfigProblem(p)}\n`).join('') };
  }
  const prepared = prepareRecipe(
    {
      text,
      recipeDir,
      // The project's folders come after those of the command line and the environment.
      modelsDirs: [...modelsDirsOf(request.modelsDirs, process.env['MECHA_MODELS_DIR']), ...(project.config?.modelsDirs ?? [])],
      workDtype: request.workDtype,
      saveDtype: request.saveDtype,
      allowDelta: request.allowDelta,
    },
    project.registry,
  );
  if (!prepared.ok) {
    if (prepared.problem !== undefined) return { ok: false, kind: 'recipe', report: `${request.recipe}: ${prepared.problem}\n` };
    // After -p the frames show the composed text, whose lines are not the file's: say so in the name.
    const shown = text === original ? request.recipe : `${request.recipe} composed with -p`;
    const note = text === original ? '' : `(\`mechac compose ${request.recipe} -p ...\` prints the composed recipe)\n`;
    return { ok: false, kind: 'recipe', report: renderDiagnostics(prepared.diagnostics, text, shown, { color }) + note };
  }
  const { plan, warnings, loraOutput } = prepared;
  return { ok: true, plan, warnings, text, sources, loraOutput };
}
