import { describe, expect, test } from 'vitest';
import { createRegistry } from '../../src/registry/registry.js';
import type { Architecture } from '../../src/registry/architecture.js';

const registry = createRegistry();
const arch = (id: string): Architecture => registry.architecture(id)!;
const sd1 = arch('sd1');
const sdxl = arch('sdxl');

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('components and blocks', () => {
  test('components come in their natural order', () => {
    expect(sd1.components.map((c) => c.name)).toEqual(['txt', 'unet']);
    expect(sdxl.components.map((c) => c.name)).toEqual(['txt', 'txt2', 'unet']);
  });

  test('sd1 blocks: unet in0..in11, mid, out0..out11; txt in0..in11', () => {
    expect(sd1.blocksOf('unet')).toEqual([...range('in', 12), 'mid', ...range('out', 12)]);
    expect(sd1.blocksOf('txt')).toEqual(range('in', 12));
  });

  test('sdxl blocks: unet in0..in8, mid, out0..out8 (no out9); txt in0..in11; txt2 in0..in31', () => {
    expect(sdxl.blocksOf('unet')).toEqual([...range('in', 9), 'mid', ...range('out', 9)]);
    expect(sdxl.blocksOf('unet')).not.toContain('out9');
    expect(sdxl.blocksOf('txt')).toEqual(range('in', 12));
    expect(sdxl.blocksOf('txt2')).toEqual(range('in', 32));
  });

  test('time_embed belongs to in*, mid and out* except the blocks listed explicitly without it', () => {
    const info = sd1.keyInfo('model.diffusion_model.time_embed.0.weight')!;
    expect(info.component).toBe('unet');
    // in0, in3, in6 and in9 are defined before `in*` in the seed era, without time_embed.
    expect(info.blocks).toEqual(['in1', 'in2', 'in4', 'in5', 'in7', 'in8', 'in10', 'in11', 'mid', ...range('out', 12)]);
  });

  test('a key of input_blocks.4 is in in4 only; input_blocks.1 does not swallow input_blocks.10', () => {
    expect(sd1.keyInfo('model.diffusion_model.input_blocks.4.1.proj_in.weight')!.blocks).toEqual(['in4']);
    expect(sd1.keyInfo('model.diffusion_model.input_blocks.10.0.in_layers.2.weight')!.blocks).toEqual(['in10']);
    expect(sd1.keyInfo('model.diffusion_model.out.2.bias')!.blocks).toEqual(['out11']);
    expect(sd1.keyInfo('cond_stage_model.transformer.text_model.final_layer_norm.weight')!.blocks).toEqual(['in11']);
    expect(sd1.keyInfo('cond_stage_model.transformer.text_model.embeddings.token_embedding.weight')!.blocks).toEqual([
      'in0',
    ]);
    expect(sdxl.keyInfo('conditioner.embedders.1.model.text_projection')!.blocks).toEqual(['in31']);
    expect(sdxl.keyInfo('model.diffusion_model.out.0.weight')!.blocks).toEqual(['out8']);
  });

  test("sdxl's label_emb is merged but in no block, as in the seed era", () => {
    const info = sdxl.keyInfo('model.diffusion_model.label_emb.0.0.weight')!;
    expect(info.passthrough).toBe(false);
    expect(info.component).toBe('unet');
    expect(info.blocks).toEqual([]);
  });

  test('keysOfBlock and keyInfo agree', () => {
    for (const a of [sd1, sdxl]) {
      for (const c of a.components) {
        for (const b of c.blocks) {
          const keys = a.keysOfBlock(c.name, b);
          expect(keys.length).toBeGreaterThan(0);
          for (const k of keys) expect(a.keyInfo(k)!.blocks).toContain(b);
        }
      }
    }
    expect(sd1.keysOfBlock('unet', 'mid')).toContain('model.diffusion_model.time_embed.2.bias');
    expect(sd1.keysOfBlock('unet', 'in0')).toEqual([
      'model.diffusion_model.input_blocks.0.0.bias',
      'model.diffusion_model.input_blocks.0.0.weight',
    ]);
  });

  test('expandBlockPattern', () => {
    expect(sd1.expandBlockPattern('unet', 'out*')).toEqual(range('out', 12));
    expect(sd1.expandBlockPattern('unet', 'in1*')).toEqual(['in1', 'in10', 'in11']);
    expect(sd1.expandBlockPattern('unet', 'mid')).toEqual(['mid']);
    expect(sd1.expandBlockPattern('unet', 'in12')).toEqual([]);
    expect(sdxl.expandBlockPattern('unet', 'out*')).toEqual(range('out', 9));
    expect(sd1.expandBlockPattern('nope', '*')).toEqual([]);
  });

  test('sd3 and flux have blocks over their repeated layers', () => {
    expect(arch('sd3').blocksOf('unet')).toEqual(range('in', 24));
    expect(arch('flux').blocksOf('transformer')).toEqual([...range('double', 19), ...range('single', 38)]);
    const flux = arch('flux');
    expect(flux.keyInfo('model.diffusion_model.time_in.in_layer.weight')!.blocks).toHaveLength(57);
    expect(flux.keyInfo('model.diffusion_model.img_in.weight')!.blocks).toEqual(['double0']);
    expect(flux.keyInfo('model.diffusion_model.final_layer.linear.weight')!.blocks).toEqual(['single37']);
  });
});

describe('classes', () => {
  test('every merged key has exactly one class, and keysOfClass partitions each component', () => {
    for (const a of registry.architectures()) {
      for (const c of a.components) {
        const seen = new Map<string, string>();
        for (const cls of c.classes) {
          for (const k of a.keysOfClass(c.name, cls)) {
            expect(seen.has(k), `${k} in two classes`).toBe(false);
            seen.set(k, cls);
            expect(a.keyInfo(k)!.class).toBe(cls);
          }
        }
        expect(seen.size).toBe(c.keys.length);
      }
      for (const k of a.mergedKeys()) expect(a.keyInfo(k)!.class, k).toBeTypeOf('string');
    }
  });

  test('class names describe layer types', () => {
    const cls = (a: Architecture, key: string) => a.keyInfo(key)!.class;
    const unet = 'model.diffusion_model.';
    expect(cls(sd1, `${unet}input_blocks.1.1.transformer_blocks.0.attn1.to_q.weight`)).toBe('attn1_to_q');
    expect(cls(sd1, `${unet}output_blocks.5.1.transformer_blocks.0.ff.net.0.proj.bias`)).toBe('ff_net0_proj');
    expect(cls(sd1, `${unet}middle_block.0.in_layers.0.weight`)).toBe('in_layers_0');
    expect(cls(sd1, `${unet}input_blocks.4.1.proj_in.weight`)).toBe('proj_in');
    expect(cls(sd1, `${unet}input_blocks.0.0.weight`)).toBe('conv_in');
    expect(cls(sd1, `${unet}out.2.weight`)).toBe('conv_out');
    expect(cls(sd1, `${unet}time_embed.2.weight`)).toBe('time_embed_2');
    expect(cls(sd1, 'cond_stage_model.transformer.text_model.encoder.layers.7.mlp.fc1.weight')).toBe('mlp_fc1');
    expect(cls(sd1, 'cond_stage_model.transformer.text_model.encoder.layers.0.layer_norm1.bias')).toBe('layer_norm1');
    expect(cls(sdxl, 'conditioner.embedders.1.model.transformer.resblocks.5.attn.in_proj_weight')).toBe('attn_in_proj');
    expect(cls(sdxl, 'conditioner.embedders.1.model.positional_embedding')).toBe('positional_embedding');
    expect(sd1.classesOf('txt')).toEqual([
      'embeddings_position_embedding',
      'embeddings_token_embedding',
      'final_layer_norm',
      'layer_norm1',
      'layer_norm2',
      'mlp_fc1',
      'mlp_fc2',
      'self_attn_k_proj',
      'self_attn_out_proj',
      'self_attn_q_proj',
      'self_attn_v_proj',
    ]);
  });
});

describe('keys', () => {
  test('passthrough keys have no component, block or class', () => {
    for (const key of [
      'first_stage_model.decoder.conv_in.weight',
      'cond_stage_model.transformer.text_model.embeddings.position_ids',
      'alphas_cumprod',
      'model_ema.decay',
    ]) {
      const info = sd1.keyInfo(key)!;
      expect(info.passthrough, key).toBe(true);
      expect(info.component).toBeUndefined();
      expect(info.blocks).toEqual([]);
      expect(info.class).toBeUndefined();
    }
    expect(sdxl.keyInfo('v_pred')!.passthrough).toBe(true);
  });

  test('facts: shape, dtype, optional, config component', () => {
    const info = sd1.keyInfo('model.diffusion_model.input_blocks.0.0.weight')!;
    expect(info.shape).toEqual([320, 4, 3, 3]);
    expect(info.dtype).toBe('F32');
    expect(info.optional).toBe(false);
    expect(info.configComponent).toBe('diffuser');
    expect(sd1.keyInfo('cond_stage_model.transformer.text_model.embeddings.position_ids')).toMatchObject({
      dtype: 'I64',
      optional: true,
      configComponent: 'clip_l',
    });
    expect(sd1.keys.size).toBe(1831);
    expect(sd1.mergedKeys().length + sd1.passthroughKeys().length).toBe(sd1.keys.size);
  });

  test('aliases resolve to canonical keys', () => {
    const alias = 'cond_stage_model.transformer.encoder.layers.3.mlp.fc2.weight';
    const canonical = 'cond_stage_model.transformer.text_model.encoder.layers.3.mlp.fc2.weight';
    expect(sd1.canonicalKey(alias)).toBe(canonical);
    expect(sd1.keyInfo(alias)!.name).toBe(canonical);
    expect(sd1.keyInfo(canonical)!.aliases).toEqual([alias]);
    expect(sd1.canonicalKey('model_ema.input_blocks00bias')).toBe('model_ema.diffusion_modelinput_blocks00bias');
    expect(arch('flux').canonicalKey('double_blocks.0.img_mod.lin.weight')).toBe(
      'model.diffusion_model.double_blocks.0.img_mod.lin.weight',
    );
    expect(sd1.canonicalKey('not.a.key')).toBeUndefined();
    expect(sd1.keyInfo('not.a.key')).toBeUndefined();
  });

  test('the sd-mecha 1.x config view merges every key and partitions them by component', () => {
    const config = registry.config('sd1-ldm')!;
    expect(config.architecture).toBe('sd1');
    expect(config.components.map((c) => c.name)).toEqual(['clip_l', 'vae', 'diffuser', 'ema', 'scheduler']);
    expect(config.components.reduce((n, c) => n + c.keys.length, 0)).toBe(sd1.keys.size);
    expect(config.componentOf('first_stage_model.decoder.conv_in.weight')).toBe('vae');
    expect(config.componentOf('cond_stage_model.transformer.embeddings.token_embedding.weight')).toBe('clip_l');
    expect(registry.config('sdxl-sgm')!.components.map((c) => c.name)).toEqual([
      'clip_l',
      'clip_g',
      'vae',
      'diffuser',
      'scheduler',
    ]);
    const singleton = registry.config('singleton-mecha')!;
    expect(singleton.architecture).toBeUndefined();
    expect(singleton.components).toEqual([{ name: 'keys', keys: ['key'] }]);
  });

  test('mbw layouts follow SuperMerger', () => {
    const labels = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${String(i).padStart(2, '0')}`);
    expect(sd1.mbw!.map((s) => s.label)).toEqual(['BASE', ...labels('IN', 12), 'M00', ...labels('OUT', 12)]);
    expect(sd1.mbw![0]!.targets).toEqual([{ component: 'txt', block: undefined }]);
    expect(sd1.mbw![13]!.targets).toEqual([{ component: 'unet', block: 'mid' }]);
    expect(sdxl.mbw).toHaveLength(20);
    expect(sdxl.mbw![0]!.targets.map((t) => t.component)).toEqual(['txt', 'txt2']);
    expect(sdxl.mbw![19]!.targets).toEqual([{ component: 'unet', block: 'out8' }]);
  });
});
