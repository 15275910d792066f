import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createRegistry } from '../../src/registry/registry.js';
import { loraKeyMap } from '../../src/lora/key-map.js';
import { ldmUnetModuleToDiffusers } from '../../src/lora/ldm-unet-names.js';

const registry = createRegistry();
const sd1 = loraKeyMap(registry.architecture('sd1')!)!;
const sdxl = loraKeyMap(registry.architecture('sdxl')!)!;

const kohyaOf = (map: typeof sd1, key: string) => map.modulesOf(key)?.map((t) => t.kohya);

/** Entries of sd-mecha's SD1 LDM-to-LoRA table, one or more per rule (block kind, layer kind, position). */
const SD1_FACTS: readonly [string, string][] = [
  ['model.diffusion_model.input_blocks.1.1.proj_in.weight', 'lora_unet_down_blocks_0_attentions_0_proj_in'],
  ['model.diffusion_model.input_blocks.2.1.transformer_blocks.0.attn1.to_k.weight', 'lora_unet_down_blocks_0_attentions_1_transformer_blocks_0_attn1_to_k'],
  ['model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_out.0.weight', 'lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_out_0'],
  ['model.diffusion_model.input_blocks.4.1.transformer_blocks.0.ff.net.2.weight', 'lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_ff_net_2'],
  ['model.diffusion_model.input_blocks.3.0.op.weight', 'lora_unet_down_blocks_0_downsamplers_0_conv'],
  ['model.diffusion_model.input_blocks.2.0.in_layers.2.weight', 'lora_unet_down_blocks_0_resnets_1_conv1'],
  ['model.diffusion_model.input_blocks.1.0.out_layers.3.weight', 'lora_unet_down_blocks_0_resnets_0_conv2'],
  ['model.diffusion_model.input_blocks.7.0.emb_layers.1.weight', 'lora_unet_down_blocks_2_resnets_0_time_emb_proj'],
  ['model.diffusion_model.input_blocks.4.0.skip_connection.weight', 'lora_unet_down_blocks_1_resnets_0_conv_shortcut'],
  ['model.diffusion_model.input_blocks.11.0.in_layers.2.weight', 'lora_unet_down_blocks_3_resnets_1_conv1'],
  ['model.diffusion_model.middle_block.0.in_layers.2.weight', 'lora_unet_mid_block_resnets_0_conv1'],
  ['model.diffusion_model.middle_block.2.emb_layers.1.weight', 'lora_unet_mid_block_resnets_1_time_emb_proj'],
  ['model.diffusion_model.middle_block.1.transformer_blocks.0.attn1.to_q.weight', 'lora_unet_mid_block_attentions_0_transformer_blocks_0_attn1_to_q'],
  ['model.diffusion_model.output_blocks.0.0.skip_connection.weight', 'lora_unet_up_blocks_0_resnets_0_conv_shortcut'],
  ['model.diffusion_model.output_blocks.2.1.conv.weight', 'lora_unet_up_blocks_0_upsamplers_0_conv'],
  ['model.diffusion_model.output_blocks.5.2.conv.weight', 'lora_unet_up_blocks_1_upsamplers_0_conv'],
  ['model.diffusion_model.output_blocks.3.1.proj_out.weight', 'lora_unet_up_blocks_1_attentions_0_proj_out'],
  ['model.diffusion_model.output_blocks.8.1.transformer_blocks.0.attn1.to_v.weight', 'lora_unet_up_blocks_2_attentions_2_transformer_blocks_0_attn1_to_v'],
  ['model.diffusion_model.output_blocks.10.1.transformer_blocks.0.ff.net.0.proj.weight', 'lora_unet_up_blocks_3_attentions_1_transformer_blocks_0_ff_net_0_proj'],
  ['model.diffusion_model.output_blocks.11.0.emb_layers.1.weight', 'lora_unet_up_blocks_3_resnets_2_time_emb_proj'],
];

describe('LoRA key map', () => {
  test('SD1 UNet: the derived names are sd-mecha table entries', () => {
    for (const [key, kohya] of SD1_FACTS) expect(kohyaOf(sd1, key), key).toEqual([kohya]);
  });

  test('SD1 UNet: the table has 278 keys, none outside the blocks', () => {
    const unet = sd1.keys().filter((k) => k.startsWith('model.diffusion_model.'));
    expect(unet).toHaveLength(278);
    for (const key of ['input_blocks.0.0.weight', 'time_embed.0.weight', 'out.2.weight', 'input_blocks.1.0.in_layers.0.weight']) {
      expect(sd1.modulesOf(`model.diffusion_model.${key}`), key).toBeUndefined();
    }
  });

  test('SD1 text encoder: kohya lora_te_ and diffusers text_encoder. names; biases and norms are not adapted', () => {
    const key = 'cond_stage_model.transformer.text_model.encoder.layers.3.self_attn.q_proj.weight';
    expect(sd1.modulesOf(key)).toEqual([
      { key, kohya: 'lora_te_text_model_encoder_layers_3_self_attn_q_proj', diffusers: 'text_encoder.text_model.encoder.layers.3.self_attn.q_proj', part: 0, parts: 1 },
    ]);
    expect(sd1.modulesOf('cond_stage_model.transformer.text_model.encoder.layers.3.self_attn.q_proj.bias')).toBeUndefined();
    expect(sd1.modulesOf('cond_stage_model.transformer.text_model.encoder.layers.3.layer_norm1.weight')).toBeUndefined();
  });

  test('both ways: a module name finds its key, and the diffusers name of an SD1 UNet module is its kohya name dotted', () => {
    const target = sd1.byKohya('lora_unet_up_blocks_1_attentions_0_proj_out')!;
    expect(target.key).toBe('model.diffusion_model.output_blocks.3.1.proj_out.weight');
    expect(target.diffusers).toBe('unet.up_blocks.1.attentions.0.proj_out');
    expect(sd1.byDiffusers('unet.up_blocks.1.attentions.0.proj_out')).toBe(target);
  });

  test('SDXL: the UNet by its LDM names, diffusers by the derived block names', () => {
    const key = 'model.diffusion_model.input_blocks.4.1.transformer_blocks.1.attn2.to_k.weight';
    const [target] = sdxl.modulesOf(key)!;
    expect(target!.kohya).toBe('lora_unet_input_blocks_4_1_transformer_blocks_1_attn2_to_k');
    expect(target!.diffusers).toBe('unet.down_blocks.1.attentions.0.transformer_blocks.1.attn2.to_k');
    expect(kohyaOf(sdxl, 'model.diffusion_model.label_emb.0.0.weight')).toEqual(['lora_unet_label_emb_0_0']);
    expect(kohyaOf(sdxl, 'conditioner.embedders.0.transformer.text_model.encoder.layers.0.mlp.fc1.weight')).toEqual([
      'lora_te1_text_model_encoder_layers_0_mlp_fc1',
    ]);
  });

  test("SDXL's second text encoder: in_proj_weight is q, k, v stacked; OpenCLIP layers by transformers names", () => {
    const prefix = 'conditioner.embedders.1.model.transformer.resblocks.5';
    const qkv = sdxl.modulesOf(`${prefix}.attn.in_proj_weight`)!;
    expect(qkv.map((t) => [t.kohya, t.part, t.parts])).toEqual([
      ['lora_te2_text_model_encoder_layers_5_self_attn_q_proj', 0, 3],
      ['lora_te2_text_model_encoder_layers_5_self_attn_k_proj', 1, 3],
      ['lora_te2_text_model_encoder_layers_5_self_attn_v_proj', 2, 3],
    ]);
    expect(kohyaOf(sdxl, `${prefix}.attn.out_proj.weight`)).toEqual(['lora_te2_text_model_encoder_layers_5_self_attn_out_proj']);
    expect(kohyaOf(sdxl, `${prefix}.mlp.c_fc.weight`)).toEqual(['lora_te2_text_model_encoder_layers_5_mlp_fc1']);
    expect(kohyaOf(sdxl, `${prefix}.mlp.c_proj.weight`)).toEqual(['lora_te2_text_model_encoder_layers_5_mlp_fc2']);
    expect(sdxl.byDiffusers('text_encoder_2.text_model.encoder.layers.5.self_attn.v_proj')!.part).toBe(2);
    expect(sdxl.modulesOf(`${prefix}.attn.in_proj_bias`)).toBeUndefined();
  });

  test('every module of the golden kohya LoRAs has a key', () => {
    for (const [file, map] of [['sd1_lora_a', sd1], ['sdxl_lora', sdxl]] as const) {
      const bytes = readFileSync(join(import.meta.dirname, '../fixtures/golden/lora-tiny/models', `${file}.safetensors`));
      const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString('utf8')) as Record<string, unknown>;
      const modules = new Set(Object.keys(header).filter((k) => k !== '__metadata__').map((k) => k.replace(/\.(lora_up\.weight|lora_down\.weight|alpha)$/, '')));
      expect(modules.size).toBeGreaterThan(300);
      expect([...modules].filter((m) => !map.byKohya(m))).toEqual([]);
    }
  });

  test('LDM to diffusers UNet names: modules outside the blocks have none', () => {
    expect(ldmUnetModuleToDiffusers('input_blocks.0.0')).toBeUndefined();
    expect(ldmUnetModuleToDiffusers('middle_block.1.proj_in')).toBe('mid_block.attentions.0.proj_in');
    expect(ldmUnetModuleToDiffusers('output_blocks.8.0.out_layers.3')).toBe('up_blocks.2.resnets.2.conv2');
    expect(ldmUnetModuleToDiffusers('time_embed.0')).toBeUndefined();
  });

  test('architectures without a LoRA layout have no map', () => {
    expect(loraKeyMap(registry.architecture('flux')!)).toBeUndefined();
  });
});
