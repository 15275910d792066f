import { describe, expect, test } from 'vitest';
import { createRegistry } from '../../src/registry/registry.js';
import { detectLora } from '../../src/lora/detect-lora.js';
import { groupLoraTensors } from '../../src/lora/lora-tensors.js';
import { loraSource, type LoraTensorInfo } from '../../src/lora/lora-source.js';
import { readLoraInput } from '../../src/lora/lora-input.js';

const registry = createRegistry();
const sd1 = registry.architecture('sd1')!;
const sdxl = registry.architecture('sdxl')!;

type Entries = [string, number[]][];
const header = (entries: Entries): Map<string, LoraTensorInfo> => new Map(entries.map(([k, shape]) => [k, { shape, dtype: 'F16' }]));
const module = (name: string, out: number, inn: number, rank: number, alpha = true): Entries => [
  [`${name}.lora_up.weight`, [out, rank]],
  [`${name}.lora_down.weight`, [rank, inn]],
  ...(alpha ? ([[`${name}.alpha`, []]] as Entries) : []),
];
const TE_Q = 'lora_te_text_model_encoder_layers_0_self_attn_q_proj';
const TE_Q_KEY = 'cond_stage_model.transformer.text_model.encoder.layers.0.self_attn.q_proj.weight';

describe('LoRA source', () => {
  test('a checkpoint is not a LoRA', () => {
    expect(groupLoraTensors(['model.diffusion_model.out.2.weight', 'first_stage_model.encoder.conv_in.weight'])).toBeUndefined();
  });

  test('kohya modules land on their checkpoint keys; the delta shape is out x the rest of down', () => {
    const source = loraSource(header([...module(TE_Q, 8, 8, 2), ...module('lora_unet_down_blocks_0_resnets_0_conv1', 6, 4, 3)]), sd1)!;
    expect(source.format).toBe('kohya');
    expect(source.problems).toEqual([]);
    expect(source.deltas.get(TE_Q_KEY)).toMatchObject({ shape: [8, 8], factors: 'a', modules: [TE_Q] });
    expect(source.deltas.get(TE_Q_KEY)!.tensors).toEqual([`${TE_Q}.lora_up.weight`, `${TE_Q}.lora_down.weight`, `${TE_Q}.alpha`]);
  });

  test('3x3 convolution: a 3x3 down makes a 3x3 delta; no alpha reads as alpha = rank', () => {
    const conv: Entries = [
      ['lora_unet_down_blocks_0_resnets_0_conv1.lora_up.weight', [6, 2, 1, 1]],
      ['lora_unet_down_blocks_0_resnets_0_conv1.lora_down.weight', [2, 4, 3, 3]],
    ];
    const delta = loraSource(header(conv), sd1)!.deltas.get('model.diffusion_model.input_blocks.1.0.in_layers.2.weight')!;
    expect(delta).toMatchObject({ shape: [6, 4, 3, 3], factors: 'u' });
  });

  test('PEFT names: lora_B up, lora_A down, under unet. and text_encoder.', () => {
    const source = loraSource(
      header([
        ['unet.down_blocks.0.attentions.0.proj_in.lora_B.weight', [6, 2]],
        ['unet.down_blocks.0.attentions.0.proj_in.lora_A.weight', [2, 6]],
        ['text_encoder.text_model.encoder.layers.0.self_attn.q_proj.lora_B.weight', [6, 2]],
        ['text_encoder.text_model.encoder.layers.0.self_attn.q_proj.lora_A.weight', [2, 6]],
      ]),
      sd1,
    )!;
    expect(source.format).toBe('peft');
    expect([...source.deltas.keys()].sort()).toEqual([TE_Q_KEY, 'model.diffusion_model.input_blocks.1.1.proj_in.weight']);
  });

  test('SDXL second text encoder: q, k, v stack into in_proj_weight; a part the LoRA lacks is zeros', () => {
    const layer = 'lora_te2_text_model_encoder_layers_3_self_attn';
    const source = loraSource(header([...module(`${layer}_q_proj`, 4, 4, 2), ...module(`${layer}_v_proj`, 4, 4, 2, false)]), sdxl)!;
    const delta = source.deltas.get('conditioner.embedders.1.model.transformer.resblocks.3.attn.in_proj_weight')!;
    expect(delta).toMatchObject({ shape: [12, 4], factors: 'a-u', modules: [`${layer}_q_proj`, `${layer}_v_proj`] });
  });

  test('problems name the LoRA tensor: rank mismatch, up without down, unmapped module, unsupported factor', () => {
    const source = loraSource(
      header([
        [`${TE_Q}.lora_up.weight`, [6, 2]],
        [`${TE_Q}.lora_down.weight`, [3, 6]],
        ['lora_te_text_model_encoder_layers_1_mlp_fc1.lora_up.weight', [6, 2]],
        ...module('lora_unet_nowhere_proj', 6, 6, 2),
        ...module('lora_te_text_model_encoder_layers_2_mlp_fc2', 6, 6, 2),
        ['lora_te_text_model_encoder_layers_2_mlp_fc2.dora_scale', [1, 6]],
      ]),
      sd1,
    )!;
    expect(source.problems.map((p) => [p.kind, p.loraKey])).toEqual([
      ['unsupported-tensor', 'lora_te_text_model_encoder_layers_2_mlp_fc2.dora_scale'],
      ['unmapped-module', 'lora_unet_nowhere_proj.lora_up.weight'],
      ['rank-mismatch', `${TE_Q}.lora_up.weight`],
      ['missing-factor', 'lora_te_text_model_encoder_layers_1_mlp_fc1.lora_up.weight'],
    ]);
    expect(source.deltas.size).toBe(1);
  });

  test('detection finds the architecture; reading a LoRA against another names the one it is for', () => {
    const sdxlLora = header([...module('lora_te1_text_model_encoder_layers_0_mlp_fc1', 6, 6, 2), ...module('lora_unet_input_blocks_4_1_proj_in', 6, 6, 2)]);
    expect(detectLora(registry, sdxlLora)?.arch).toBe('sdxl');
    expect(detectLora(registry, header(module(TE_Q, 6, 6, 2)))?.arch).toBe('sd1');
    expect(readLoraInput(registry, sd1, sdxlLora).problems.map((p) => p.message)).toEqual(['is a LoRA for sdxl, but the recipe merges sd1']);
    expect(readLoraInput(registry, registry.architecture('flux')!, sdxlLora).problems[0]!.message).toContain('not of flux');
  });
});
