import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatText } from '../format/format.js';
import { parse } from '../parser/parse.js';
import { lower, LowerError } from '../plan/lower.js';
import { loweredModels } from '../plan/lowered-models.js';
import type { Plan } from '../plan/plan.js';
import type { Architecture } from '../registry/architecture.js';
import { TO_LORA } from '../registry/methods/lora-output.js';
import type { Registry } from '../registry/registry.js';
import type { DType } from '../runtime/dtype/dtype.js';
import { check } from '../typecheck/check.js';
import { VERSION } from '../version.js';
import { createFileHost } from './models-dirs.js';

/** A recipe's text and where its models are looked for: what both `mechac run` and the library's `merge` start from. */
export interface PrepareRequest {
  readonly text: string;
  /** The recipe's folder: relative model paths are also looked for there. */
  readonly recipeDir?: string | undefined;
  readonly modelsDirs: readonly string[];
  readonly workDtype?: 'fp32' | 'fp64' | undefined;
  readonly saveDtype?: DType | undefined;
  readonly allowDelta?: boolean | undefined;
}

export type PrepareOutcome =
  | {
      readonly ok: true;
      readonly plan: Plan;
      readonly warnings: readonly Diagnostic[];
      /** The recipe ends in to_lora: the plan's keys are factored into a LoRA of this architecture. */
      readonly loraOutput: Architecture | undefined;
    }
  /** `diagnostics`: every diagnostic, errors among them; `problem`: an error no diagnostic carries. */
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly problem?: string };

/**
 * Parse, check as a run needs (every model file must exist, every param be filled), then lower with the headers
 * the checker read. Lowering problems (shape mismatches, keys a model lacks, unusable LoRAs) throw LowerError.
 */
export function prepareRecipe(request: PrepareRequest, registry: Registry): PrepareOutcome {
  const { text } = request;
  const parsed = parse(text);
  const host = createFileHost({ modelsDirs: request.modelsDirs, recipeDir: request.recipeDir });
  const checked = check(parsed.document, registry, host, {
    text,
    requireFiles: true,
    requireParams: true,
    allowDelta: request.allowDelta ?? false,
  });
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  const warnings = diagnostics.filter((d) => d.severity !== 'error');

  const { graph } = checked;
  const archId = graph.output === undefined ? undefined : checked.types.get(graph.output)?.arch;
  const arch = archId === undefined ? undefined : registry.architecture(archId);
  if (!arch) {
    return {
      ok: false,
      diagnostics: warnings,
      problem: "cannot tell the architecture of the recipe's output; annotate a model (model x = \"path\" : sd1)",
    };
  }
  const { models, problems: loraProblems } = loweredModels(checked, registry, arch);
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
  const outputNode = graph.nodes[graph.output!];
  const loraOutput = outputNode?.kind === 'merge' && registry.method(outputNode.method)?.name === TO_LORA ? arch : undefined;
  return { ok: true, plan, warnings, loraOutput };
}
