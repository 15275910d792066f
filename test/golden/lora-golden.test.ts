import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { preparePlan } from '../../src/cli/prepare-plan.js';
import { createRegistry } from '../../src/registry/registry.js';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';
import { execute } from '../../src/runtime/executor/execute.js';
import { KERNELS } from '../../src/runtime/methods/index.js';

/**
 * The LoRA golden cases (test/fixtures/golden/lora-tiny): kohya LoRAs read as deltas, merged into their base by
 * sd-mecha 0.0.x. Each case runs as written (legacy dialect) and as the same recipe in v1, through the path
 * `mechac run` takes (check, LoRA inputs, lowering, execution), on the calling thread and on workers.
 */
const ROOT = join(import.meta.dirname, '../fixtures/golden/lora-tiny');
const registry = createRegistry();
const scratch = mkdtempSync(join(tmpdir(), 'mecha-lora-golden-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const V1: Readonly<Record<string, string>> = {
  sd1_lora_add: `version 1
model base = "sd1_base" : sd1
model style = "sd1_lora_a" : sd1 lora
let out = add_difference(base, style, alpha=1.0)
`,
  sd1_lora_ties: `version 1
model base = "sd1_base" : sd1
model a = "sd1_lora_a" : sd1 lora
model b = "sd1_lora_b" : sd1 lora
let out = add_difference(base, ties_sum(a, b, k=0.5), alpha=0.9)
`,
  sdxl_lora_add: `version 1
model base = "sdxl_base" : sdxl
model style = "sdxl_lora" : sdxl lora
let out = add_difference(base, style, alpha=0.7)
`,
};

function readAll(path: string): Map<string, Float32Array> {
  const file = SafetensorsFile.open(path);
  const out = new Map([...file.entries.keys()].map((k) => [k, file.readFloat32(k)]));
  file.close();
  return out;
}

async function runRecipe(recipe: string, output: string, threads: number): Promise<void> {
  const prepared = preparePlan({ recipe, modelsDirs: [join(ROOT, 'models')], saveDtype: 'F32' }, registry, false);
  if (!prepared.ok) throw new Error(prepared.report);
  await execute(prepared.plan, { output, threads, kernels: KERNELS });
}

function expectMatches(output: string, name: string): void {
  const got = readAll(output);
  const want = readAll(join(ROOT, 'cases', name, 'expected.safetensors'));
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  let worst = 0;
  let worstKey = '';
  for (const [key, expected] of want) {
    const actual = got.get(key)!;
    expect(actual.length, key).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) {
      const err = Math.abs(actual[i]! - expected[i]!);
      if (!(err <= worst)) {
        worst = err;
        worstKey = key;
      }
    }
  }
  expect(worst, `worst key ${worstKey}`).toBeLessThanOrEqual(1e-6);
}

describe('golden lora-tiny', () => {
  test.each(Object.keys(V1))('%s (legacy recipe)', async (name) => {
    const output = join(scratch, `${name}-legacy.safetensors`);
    await runRecipe(join(ROOT, 'cases', name, 'recipe.mecha'), output, 0);
    expectMatches(output, name);
  });

  test.each(Object.keys(V1))('%s (v1 recipe, worker threads)', async (name) => {
    const recipe = join(scratch, `${name}.mecha`);
    writeFileSync(recipe, V1[name]!);
    const output = join(scratch, `${name}-v1.safetensors`);
    await runRecipe(recipe, output, 2);
    expectMatches(output, name);
  });
});
