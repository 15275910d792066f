/**
 * Runs a recipe's text the way `mechac run` does, on small models: parse, check with a file host over the given
 * models directories (files required), lower with the checker's types, execute inline (threads 0) with KERNELS,
 * and read every tensor back as fp32. Shared by the run-fixture and consistency tests.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileHost } from '../../src/merge/models-dirs.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { parse } from '../../src/parser/parse.js';
import type { Plan } from '../../src/plan/plan.js';
import { lower, type LoweredModel } from '../../src/plan/lower.js';
import { createRegistry } from '../../src/registry/registry.js';
import { execute, type ExecuteSummary } from '../../src/runtime/executor/execute.js';
import { KERNELS } from '../../src/runtime/methods/index.js';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';
import { check } from '../../src/typecheck/check.js';

export const GOLDEN_MODELS = join(import.meta.dirname, '../fixtures/golden/sd1-tiny/models');

const registry = createRegistry();

export interface Checked {
  readonly diagnostics: readonly Diagnostic[];
  readonly plan: () => Plan;
}

/** Parses and checks; `plan()` lowers (whatever the diagnostics say, so a test can run past a known one). */
export function checkRecipe(text: string, modelsDirs: readonly string[] = [GOLDEN_MODELS]): Checked {
  const parsed = parse(text);
  const host = createFileHost({ modelsDirs });
  const checked = check(parsed.document, registry, host, { text, requireFiles: true, requireParams: true });
  return {
    diagnostics: [...parsed.diagnostics, ...checked.diagnostics],
    plan: () => {
      const archId = checked.graph.output === undefined ? undefined : checked.types.get(checked.graph.output)?.arch;
      const arch = archId === undefined ? undefined : registry.architecture(archId);
      if (!arch) throw new Error('the recipe has no output of a known architecture');
      const models = new Map<number, LoweredModel>();
      for (const [id, model] of checked.models) models.set(id, { path: model.path, tensors: model.tensors as LoweredModel['tensors'] });
      return lower({ graph: checked.graph, registry, arch, models, types: checked.types, saveDtype: 'F32' });
    },
  };
}

export interface RunOutput {
  readonly plan: Plan;
  readonly summary: ExecuteSummary;
  /** Every key of the output, integer tensors included. */
  readonly keys: readonly string[];
  /** Every float tensor of the output, as fp32. */
  readonly tensors: ReadonlyMap<string, Float32Array>;
}

export async function runPlan(plan: Plan): Promise<RunOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'mecha-run-'));
  try {
    const output = join(dir, 'out.safetensors');
    const summary = await execute(plan, { output, threads: 0, kernels: KERNELS });
    return { plan, summary, keys: keysOf(output), tensors: readModel(output) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function keysOf(path: string): string[] {
  const file = SafetensorsFile.open(path);
  try {
    return [...file.entries.keys()];
  } finally {
    file.close();
  }
}

/** Every float tensor of a safetensors file as fp32 (integer tensors are left out). */
export function readModel(path: string): Map<string, Float32Array> {
  const file = SafetensorsFile.open(path);
  try {
    const out = new Map<string, Float32Array>();
    for (const [key, entry] of file.entries) if (entry.dtype.startsWith('F') || entry.dtype === 'BF16') out.set(key, file.readFloat32(key));
    return out;
  } finally {
    file.close();
  }
}
