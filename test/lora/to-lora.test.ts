import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { preparePlan } from '../../src/cli/prepare-plan.js';
import { extractLora } from '../../src/lora/extract/extract-lora.js';
import { kohyaModules } from '../../src/lora/extract/kohya-modules.js';
import { loraKeyMap } from '../../src/lora/key-map.js';
import { loraSource } from '../../src/lora/lora-source.js';
import { createRegistry } from '../../src/registry/registry.js';
import { execute } from '../../src/runtime/executor/execute.js';
import { svd } from '../../src/runtime/linalg/svd.js';
import { KERNELS } from '../../src/runtime/methods/index.js';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';

/**
 * to_lora end to end on the tiny golden models: the recipe is checked and lowered as `mechac run` does, the deltas
 * are factored and written as a kohya LoRA, and the file is read back through mecha's own LoRA reader and applied.
 */
const GOLDEN = join(import.meta.dirname, '../fixtures/golden');
const registry = createRegistry();
const scratch = mkdtempSync(join(tmpdir(), 'mecha-to-lora-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function readAll(path: string): Map<string, Float32Array> {
  const file = SafetensorsFile.open(path);
  const out = new Map([...file.entries.keys()].map((k) => [k, file.readFloat32(k)]));
  file.close();
  return out;
}

let counter = 0;
function recipeFile(text: string): string {
  const path = join(scratch, `recipe-${counter++}.mecha`);
  writeFileSync(path, text);
  return path;
}

/** Runs a recipe ending in to_lora; returns the LoRA's path. */
function extract(text: string, modelsDir: string): { path: string; ranks: readonly number[]; arch: string } {
  const prepared = preparePlan({ recipe: recipeFile(text), modelsDirs: [modelsDir] }, registry, false);
  if (!prepared.ok) throw new Error(prepared.report);
  expect(prepared.loraOutput).toBeDefined();
  const path = join(scratch, `lora-${counter++}.safetensors`);
  const summary = extractLora(prepared.plan, prepared.loraOutput!, { output: path, sources: prepared.sources, dtype: 'F32' });
  return { path, ranks: summary.ranks, arch: prepared.loraOutput!.id };
}

async function merge(text: string, modelsDir: string): Promise<Map<string, Float32Array>> {
  const prepared = preparePlan({ recipe: recipeFile(text), modelsDirs: [modelsDir], saveDtype: 'F32' }, registry, false);
  if (!prepared.ok) throw new Error(prepared.report);
  const output = join(scratch, `merged-${counter++}.safetensors`);
  await execute(prepared.plan, { output, threads: 0, kernels: KERNELS });
  return readAll(output);
}

/** The optimal rank-k error of a matrix (Eckart-Young). */
function optimalError(rows: number, data: Float32Array, k: number): number {
  const cols = data.length / rows;
  const { s } = svd({ rows, cols, data: Float64Array.from(data) });
  let sum = 0;
  for (let i = k; i < s.length; i++) sum += s[i]! ** 2;
  return Math.sqrt(sum);
}

function difference(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((x, i) => x - b[i]!);
}

const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

const SD1 = join(GOLDEN, 'sd1-tiny/models');
const SD1_RECIPE = (rank: string) => `version 1
model base = "a" : sd1
model tuned = "b" : sd1
let out = to_lora(subtract(tuned, base), ${rank})
`;

describe('to_lora', () => {
  test('the file is a kohya LoRA: names, factor shapes, alpha scalars and metadata', () => {
    const { path } = extract(SD1_RECIPE('rank=4'), SD1);
    const file = SafetensorsFile.open(path);
    const metadata = file.metadata;
    const names = [...file.entries.keys()];
    const shapes = new Map(names.map((n) => [n, file.entry(n).shape]));
    file.close();
    expect(metadata['ss_network_dim']).toBe('4');
    expect(metadata['ss_network_alpha']).toBe('4');
    expect(metadata['ss_base_model_version']).toBe('sd_v1');
    expect(metadata['ss_network_module']).toBe('networks.lora');
    expect(metadata['mecha_recipe']).toContain('to_lora(');
    const modules = new Set<string>();
    for (const name of names) {
      const match = /^(lora_(?:unet|te)_[a-z0-9_]+)\.(lora_up\.weight|lora_down\.weight|alpha)$/.exec(name);
      expect(match, name).not.toBeNull();
      modules.add(match![1]!);
    }
    const map = loraKeyMap(registry.architecture('sd1')!)!;
    const base = SafetensorsFile.open(join(SD1, 'a.safetensors'));
    const checkpointShapes = new Map([...base.entries].map(([n, e]) => [n, e.shape]));
    base.close();
    for (const module of modules) {
      const target = map.byKohya(module);
      expect(target, module).toBeDefined();
      const checkpoint = checkpointShapes.get(target!.key)!;
      const down = shapes.get(`${module}.lora_down.weight`)!;
      const up = shapes.get(`${module}.lora_up.weight`)!;
      expect(shapes.get(`${module}.alpha`)).toEqual([]);
      expect(down[0]).toBe(4);
      expect(up[1]).toBe(4);
      expect(up[0]).toBe(checkpoint[0]);
      if (checkpoint.length === 4) {
        // Convolutions: down r x in x kh x kw, up out x r x 1 x 1 (1x1 convolutions keep their 1 x 1 on both).
        expect(down).toEqual([4, ...checkpoint.slice(1)]);
        expect(up).toEqual([checkpoint[0], 4, 1, 1]);
      } else {
        expect(down).toEqual([4, checkpoint[1]]);
        expect(up).toEqual([checkpoint[0], 4]);
      }
    }
    // Only linear and convolution weights: no embeddings, biases or norms.
    expect([...modules].some((m) => m.includes('embeddings'))).toBe(false);
    expect(modules.size).toBe(map.keys().length - 2);
  });

  test('it loads back through the LoRA reader, and at full rank applying it rebuilds tuned', async () => {
    const { path } = extract(SD1_RECIPE('rank=64'), SD1);
    const file = SafetensorsFile.open(path);
    const tensors = new Map([...file.entries].map(([n, e]) => [n, { shape: e.shape, dtype: e.dtype }]));
    file.close();
    const source = loraSource(tensors, registry.architecture('sd1')!)!;
    expect(source.format).toBe('kohya');
    expect(source.problems).toEqual([]);
    expect(source.mapped).toBe(source.modules);

    const applied = await merge(
      `version 1\nmodel base = "${join(SD1, 'a')}" : sd1\nmodel lora = "${path.replace(/\.safetensors$/, '')}" : sd1 lora\nlet out = add_difference(base, lora)\n`,
      SD1,
    );
    const tuned = readAll(join(SD1, 'b.safetensors'));
    for (const key of source.deltas.keys()) {
      const got = applied.get(key)!;
      const want = tuned.get(key)!;
      expect(norm(difference(got, want)), key).toBeLessThanOrEqual(1e-5 * Math.max(1, norm(want)));
    }
  });

  test('at a lower rank, applying it reproduces tuned within 1% of the optimal rank-k error', async () => {
    const k = 2;
    const { path } = extract(SD1_RECIPE(`rank=${k}`), SD1);
    const applied = await merge(
      `version 1\nmodel base = "${join(SD1, 'a')}" : sd1\nmodel lora = "${path.replace(/\.safetensors$/, '')}" : sd1 lora\nlet out = add_difference(base, lora)\n`,
      SD1,
    );
    const base = readAll(join(SD1, 'a.safetensors'));
    const tuned = readAll(join(SD1, 'b.safetensors'));
    const file = SafetensorsFile.open(join(SD1, 'a.safetensors'));
    let checked = 0;
    for (const key of loraKeyMap(registry.architecture('sd1')!)!.keys()) {
      if (key.includes('embeddings')) continue;
      const rows = file.entry(key).shape[0]!;
      const optimum = optimalError(rows, difference(tuned.get(key)!, base.get(key)!), k);
      const error = norm(difference(applied.get(key)!, tuned.get(key)!));
      expect(error, key).toBeLessThanOrEqual(1.01 * optimum + 1e-6);
      checked++;
    }
    file.close();
    expect(checked).toBeGreaterThan(100);
  });

  test('rank per block, and a dynamic rank marks the metadata "dynamic"', () => {
    const blocks = extract(SD1_RECIPE('rank=default(sd1, 2) | blocks(sd1.unet, out*=3)'), SD1);
    expect(new Set(blocks.ranks)).toEqual(new Set([2, 3]));
    const dynamic = extract(SD1_RECIPE('rank=6, fro_share=0.8'), SD1);
    expect(new Set(dynamic.ranks).size).toBeGreaterThan(1);
    const file = SafetensorsFile.open(dynamic.path);
    expect(file.metadata['ss_network_dim']).toBe('dynamic');
    file.close();
  });

  test('LoRA to LoRA: two LoRAs of different ranks merge into one of the asked rank', () => {
    const lora = join(GOLDEN, 'lora-tiny/models');
    const { ranks } = extract(
      `version 1\nmodel a = "sd1_lora_a" : sd1 lora\nmodel b = "sd1_lora_b" : sd1 lora\nlet out = to_lora(weighted_sum(a, b, alpha=0.5), rank=3)\n`,
      lora,
    );
    expect(ranks.length).toBeGreaterThan(0);
    expect(new Set(ranks)).toEqual(new Set([3]));
  });

  test("SDXL: the second text encoder's stacked in_proj_weight becomes q, k and v modules, each its own factors", () => {
    const map = loraKeyMap(registry.architecture('sdxl')!)!;
    const key = 'conditioner.embedders.1.model.transformer.resblocks.0.attn.in_proj_weight';
    const d = 8;
    // Each of q, k, v has rank 1: a distinct outer product.
    const delta = new Float32Array(3 * d * d);
    for (let part = 0; part < 3; part++) {
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) delta[(part * d + i) * d + j] = (i + 1 + part) * Math.cos(j * (part + 1));
    }
    const { tensors, ranks } = kohyaModules(map, key, [3 * d, d], delta, { maxRank: 1 });
    expect(ranks).toEqual([1, 1, 1]);
    const byName = new Map(tensors.map((t) => [t.name, t]));
    ['q', 'k', 'v'].forEach((p, part) => {
      const module = `lora_te2_text_model_encoder_layers_0_self_attn_${p}_proj`;
      const up = byName.get(`${module}.lora_up.weight`)!;
      const down = byName.get(`${module}.lora_down.weight`)!;
      expect(up.shape).toEqual([d, 1]);
      expect(down.shape).toEqual([1, d]);
      expect(byName.get(`${module}.alpha`)!.data[0]).toBe(1);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) expect(up.data[i]! * down.data[j]!).toBeCloseTo(delta[(part * d + i) * d + j]!, 4);
      }
    });
  });

  test('a given alpha is stored and up absorbs rank / alpha', () => {
    const map = loraKeyMap(registry.architecture('sd1')!)!;
    const key = 'model.diffusion_model.input_blocks.1.1.proj_in.weight';
    const delta = Float32Array.from({ length: 6 * 6 }, (_, i) => Math.sin(i * 0.7));
    const plain = kohyaModules(map, key, [6, 6, 1, 1], delta, { maxRank: 3 });
    const scaled = kohyaModules(map, key, [6, 6, 1, 1], delta, { maxRank: 3, alpha: 1.5 });
    const up = (r: typeof plain) => r.tensors.find((t) => t.name.endsWith('.lora_up.weight'))!;
    expect(scaled.tensors.find((t) => t.name.endsWith('.alpha'))!.data[0]).toBe(1.5);
    up(scaled).data.forEach((x, i) => expect(x).toBeCloseTo(up(plain).data[i]! * 2, 5));
  });
});
