import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { formatText } from '../format/format.js';
import { parse } from '../parser/parse.js';
import { lower, LowerError, type LoweredModel } from '../plan/lower.js';
import type { LoraSource } from '../lora/lora-source.js';
import { readLoraInput } from '../lora/lora-input.js';
import type { Plan } from '../plan/plan.js';
import type { Registry } from '../registry/registry.js';
import type { DType } from '../runtime/dtype/dtype.js';
import { check } from '../typecheck/check.js';
import { VERSION } from '../version.js';
import { createFileHost, modelsDirsOf } from './models-dirs.js';
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
    }
  /** `usage`: the recipe could not be read; `recipe`: it has errors (already rendered in `report`). */
  | { readonly ok: false; readonly kind: 'usage' | 'recipe'; readonly report: string };

/**
 * Everything between a recipe file and a plan, for `run` and `plan`: read, parse, check as a run needs (every
 * model file must exist, every param be filled), then lower with the headers the checker read. Recipe errors come
 * back rendered as code frames; lowering problems (shape mismatches, keys a model lacks) are thrown as LowerError.
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
  const parsed = parse(text);
  const host = createFileHost({
    modelsDirs: modelsDirsOf(request.modelsDirs, process.env['MECHA_MODELS_DIR']),
    recipeDir: dirname(resolve(request.recipe)),
  });
  const checked = check(parsed.document, registry, host, {
    text,
    requireFiles: true,
    requireParams: true,
    allowDelta: request.allowDelta ?? false,
  });
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity !== 'error');
  if (errors.length > 0) {
    // After -p the frames show the composed text, whose lines are not the file's: say so in the name.
    const shown = text === original ? request.recipe : `${request.recipe} composed with -p`;
    const note = text === original ? '' : `(\`mechac compose ${request.recipe} -p ...\` prints the composed recipe)\n`;
    return { ok: false, kind: 'recipe', report: renderDiagnostics(diagnostics, text, shown, { color }) + note };
  }

  const { graph } = checked;
  const archId = graph.output === undefined ? undefined : checked.types.get(graph.output)?.arch;
  const arch = archId === undefined ? undefined : registry.architecture(archId);
  if (!arch) {
    return {
      ok: false,
      kind: 'recipe',
      report: `${request.recipe}: cannot tell the architecture of the recipe's output; annotate a model (model x = "path" : sd1)\n`,
    };
  }
  const models = new Map<number, LoweredModel>();
  const loraProblems: string[] = [];
  for (const [id, model] of checked.models) {
    const tensors = model.tensors as ReadonlyMap<string, { shape: readonly number[]; dtype: DType }>;
    let lora: LoraSource | undefined;
    if (checked.types.get(id)?.space === 'lora') {
      const read = readLoraInput(registry, arch, tensors);
      lora = read.source;
      for (const p of read.problems) loraProblems.push(`${model.path}: ${p.message}`);
    }
    models.set(id, { path: model.path, tensors, lora });
  }
  if (loraProblems.length > 0) throw new LowerError(loraProblems);
  const formatted = formatText(text);
  const plan = lower({
    graph,
    registry,
    arch,
    models,
    types: checked.types,
    workDtype: request.workDtype,
    saveDtype: request.saveDtype,
    metadata: {
      format: 'pt',
      mecha_recipe: formatted.diagnostics.length === 0 ? formatted.text : text,
      mecha_version: VERSION,
    },
  });
  return { ok: true, plan, warnings, text, sources };
}
