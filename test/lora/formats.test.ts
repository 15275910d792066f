import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { preparePlan } from '../../src/cli/prepare-plan.js';
import { loraKeyMap } from '../../src/lora/key-map.js';
import { lower, LowerError, type LoweredModel } from '../../src/plan/lower.js';
import { readLoraInput } from '../../src/lora/lora-input.js';
import { parse } from '../../src/parser/parse.js';
import { buildGraph } from '../../src/graph/build.js';
import { printPlan } from '../../src/plan/print.js';
import { createRegistry } from '../../src/registry/registry.js';
import { encodeFromFloat32 } from '../../src/runtime/dtype/codec.js';
import { execute } from '../../src/runtime/executor/execute.js';
import { KERNELS } from '../../src/runtime/methods/index.js';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';
import { SafetensorsWriter } from '../../src/runtime/safetensors/writer.js';

/**
 * LoRA inputs end to end (check, lowering, execution) in the formats other than the golden kohya files: the same
 * factors as a diffusers / PEFT file give the same merge, and a delta that does not fit the checkpoint fails in
 * check (and in lowering) naming the file and the LoRA module, leaving no output.
 */
const GOLDEN = join(import.meta.dirname, '../fixtures/golden/lora-tiny/models');
const registry = createRegistry();
const dir = mkdtempSync(join(tmpdir(), 'mecha-lora-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readAll(path: string): Map<string, { shape: readonly number[]; data: Float32Array }> {
  const file = SafetensorsFile.open(path);
  const out = new Map([...file.entries].map(([k, e]) => [k, { shape: e.shape, data: file.readFloat32(k) }]));
  file.close();
  return out;
}

function writeAll(path: string, tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>): void {
  const w = SafetensorsWriter.create(path, [...tensors].map(([name, t]) => ({ name, dtype: 'F32' as const, shape: t.shape })));
  for (const [name, t] of tensors) {
    const bytes = new Uint8Array(t.data.length * 4);
    encodeFromFloat32('F32', t.data, bytes);
    w.write(name, bytes);
  }
  w.finish();
}

const NARROWED = 'lora_te_text_model_encoder_layers_0_self_attn_q_proj';

/** A recipe merging a LoRA whose one module has an up factor one row short of the checkpoint key. */
function narrowRecipe(): string {
  const kohya = readAll(join(GOLDEN, 'sd1_lora_a.safetensors'));
  const up = kohya.get(`${NARROWED}.lora_up.weight`)!;
  kohya.set(`${NARROWED}.lora_up.weight`, { shape: [5, up.shape[1]!], data: up.data.slice(0, 5 * up.shape[1]!) });
  writeAll(join(dir, 'narrow.safetensors'), kohya);
  const path = join(dir, 'narrow.mecha');
  writeFileSync(
    path,
    `version 1\nmodel base = "${join(GOLDEN, 'sd1_base')}" : sd1\nmodel style = "${join(dir, 'narrow')}" : sd1 lora\nlet out = add_difference(base, style)\n`,
  );
  return path;
}

function recipe(name: string, lora: string): string {
  const path = join(dir, `${name}.mecha`);
  writeFileSync(path, `version 1\nmodel base = "${join(GOLDEN, 'sd1_base')}" : sd1\nmodel style = "${lora}" : sd1 lora\nlet out = add_difference(base, style, alpha=0.8)\n`);
  return path;
}

async function run(recipePath: string, output: string): Promise<void> {
  const prepared = preparePlan({ recipe: recipePath, saveDtype: 'F32' }, registry, false);
  if (!prepared.ok) throw new Error(prepared.report);
  await execute(prepared.plan, { output, threads: 0, kernels: KERNELS });
}

/** The kohya LoRA's factors under PEFT names: `lora_A` down, `lora_B` up, `unet.` / `text_encoder.` modules. */
function toPeft(kohya: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>) {
  const map = loraKeyMap(registry.architecture('sd1')!)!;
  const out = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  for (const [name, t] of kohya) {
    const [, module, role] = /^(.+?)\.(lora_up\.weight|lora_down\.weight|alpha)$/.exec(name)!;
    const peftRole = role === 'lora_up.weight' ? 'lora_B.weight' : role === 'lora_down.weight' ? 'lora_A.weight' : 'alpha';
    out.set(`${map.byKohya(module!)!.diffusers!}.${peftRole}`, t);
  }
  return out;
}

describe('LoRA formats', () => {
  test('a diffusers / PEFT LoRA merges as the kohya LoRA of the same factors', async () => {
    const kohya = readAll(join(GOLDEN, 'sd1_lora_a.safetensors'));
    const peft = toPeft(kohya);
    expect(peft.has('unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.lora_A.weight')).toBe(true);
    expect(peft.has('text_encoder.text_model.encoder.layers.0.self_attn.q_proj.lora_B.weight')).toBe(true);
    writeAll(join(dir, 'peft.safetensors'), peft);

    await run(recipe('kohya', join(GOLDEN, 'sd1_lora_a')), join(dir, 'kohya-out.safetensors'));
    await run(recipe('peft', join(dir, 'peft')), join(dir, 'peft-out.safetensors'));
    const a = readAll(join(dir, 'kohya-out.safetensors'));
    const b = readAll(join(dir, 'peft-out.safetensors'));
    const base = readAll(join(GOLDEN, 'sd1_base.safetensors'));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    let changed = 0;
    for (const [key, t] of a) {
      expect(b.get(key)!.data, key).toEqual(t.data);
      if (!base.get(key)!.data.every((v, i) => v === t.data[i])) changed++;
    }
    // Every module of the LoRA changed its key; the rest kept the base's values.
    expect(changed).toBe(350);
  });

  test('plan shows the LoRA product as an op of the key program, and keys the LoRA does not adapt as copies', () => {
    const prepared = preparePlan({ recipe: recipe('plan', join(GOLDEN, 'sd1_lora_a')) }, registry, false);
    if (!prepared.ok) throw new Error(prepared.report);
    const text = printPlan(prepared.plan);
    expect(text).toContain(
      'model.diffusion_model.input_blocks.1.1.proj_in.weight [6, 6, 1, 1] F16 = add_difference(sd1_base, lora(sd1_lora_a["lora_unet_down_blocks_0_attentions_0_proj_in"]); alpha=0.8)',
    );
    expect(text).toMatch(/model\.diffusion_model\.input_blocks\.1\.1\.proj_in\.bias \[6\] F16 = copy sd1_base\n/);
  });

  test('a LoRA whose delta does not fit the checkpoint: check names the file and the module; no output', () => {
    const path = narrowRecipe();
    const before = readdirSync(dir).length;
    const prepared = preparePlan({ recipe: path }, registry, false);
    expect(prepared.ok).toBe(false);
    if (prepared.ok) return;
    expect(prepared.report).toContain('MECHA5023');
    expect(prepared.report).toContain(`module '${NARROWED}'`);
    expect(readdirSync(dir).length).toBe(before);
  });

  test('lowering, which sees every input, names the file and the module of a delta that does not fit', () => {
    const path = narrowRecipe();
    const parsed = parse(readFileSync(path, 'utf8'));
    const { graph } = buildGraph(parsed.document);
    const arch = registry.architecture('sd1')!;
    const models = new Map<number, LoweredModel>();
    for (const node of graph.nodes) {
      if (node.kind !== 'model') continue;
      const file = SafetensorsFile.open(`${node.path}.safetensors`);
      const lora = node.space === 'lora' ? readLoraInput(registry, arch, file.entries).source : undefined;
      models.set(node.id, { path: file.path, tensors: file.entries, lora });
      file.close();
    }
    expect(() => lower({ graph, registry, arch, models })).toThrow(LowerError);
    try {
      lower({ graph, registry, arch, models });
    } catch (error) {
      expect((error as Error).message).toContain(`narrow.safetensors: LoRA module "${NARROWED}" makes a delta of shape [5, 6]`);
    }
  });
});
