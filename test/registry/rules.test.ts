import { describe, expect, test } from 'vitest';
import { classOfKey } from '../../src/registry/classes.js';
import { discoverBlocks, blocksOfKey, matchBlockPattern } from '../../src/registry/blocks.js';
import { compareNatural, sortNatural } from '../../src/registry/natural-order.js';

describe('class rule', () => {
  const unet = { strip: ['input_blocks.*.*', 'transformer_blocks.*'], names: { 'input_blocks.0.0': 'conv_in' } };

  test('drops the tensor name, strips containers, glues numbers', () => {
    expect(classOfKey('input_blocks.1.1.transformer_blocks.0.attn1.to_q.weight', unet)).toBe('attn1_to_q');
    expect(classOfKey('input_blocks.1.1.transformer_blocks.0.ff.net.0.proj.bias', unet)).toBe('ff_net0_proj');
    expect(classOfKey('input_blocks.1.0.in_layers.0.weight', unet)).toBe('in_layers_0');
    expect(classOfKey('label_emb.0.0.weight', unet)).toBe('label_emb_0_0');
    expect(classOfKey('attn1.to_out.0.weight', unet)).toBe('attn1_to_out_0');
  });

  test('named paths win, and a path with nothing left has no class', () => {
    expect(classOfKey('input_blocks.0.0.weight', unet)).toBe('conv_in');
    expect(classOfKey('input_blocks.3.0.weight', unet)).toBeUndefined();
  });

  test('fused and unusual tensor names', () => {
    expect(classOfKey('attn.in_proj_weight', undefined)).toBe('attn_in_proj');
    expect(classOfKey('norm.key_norm.scale', undefined)).toBe('norm_key_norm');
    expect(classOfKey('logit_scale', undefined)).toBe('logit_scale');
    expect(classOfKey('positional_embedding', undefined)).toBe('positional_embedding');
    // A lone `weight` is a layer of its own name, not an empty path.
    expect(classOfKey('weight', undefined)).toBe('weight');
  });
});

describe('block discovery', () => {
  const component = {
    name: 'unet',
    prefix: 'm',
    blocks: { in0: 'input.0', mid: ['middle', 'embed'], 'in*': ['input.*', 'embed'] },
  };
  const keys = [
    'm.input.0.w',
    'm.input.1.w',
    'm.input.10.w',
    'm.middle.0.w',
    'm.embed.w',
    'm.embedding.w',
    'm.other.w',
  ];

  test('explicit entries come first; wildcards make one block per id', () => {
    const blocks = discoverBlocks(component, keys);
    expect(blocks.map((b) => b.name)).toEqual(['in0', 'mid', 'in1', 'in10']);
    expect(blocksOfKey('m.embed.w', blocks)).toEqual(['mid', 'in1', 'in10']);
    expect(blocksOfKey('m.input.1.w', blocks)).toEqual(['in1']);
    expect(blocksOfKey('m.input.10.w', blocks)).toEqual(['in10']);
    // Patterns end at a dot: `embed` does not match `embedding`.
    expect(blocksOfKey('m.embedding.w', blocks)).toEqual([]);
    expect(blocksOfKey('m.other.w', blocks)).toEqual([]);
  });

  test('a block whose first pattern matches no key does not exist', () => {
    const blocks = discoverBlocks({ ...component, blocks: { out0: 'output.0', 'in*': 'input.*' } }, keys);
    expect(blocks.map((b) => b.name)).toEqual(['in0', 'in1', 'in10']);
  });

  test("a wildcard's id is the longest run of word characters that the rest of the first pattern follows", () => {
    const keys = ['m.up_a_b_proj.w', 'm.up_c.proj.w', 'm.up_.proj.w'];
    const blocks = discoverBlocks({ ...component, blocks: { 'up*': 'up_*_proj' } }, keys);
    expect(blocks.map((b) => b.name)).toEqual(['upa_b']);
    expect(blocks[0]!.prefixes).toEqual(['m.up_a_b_proj']);
  });

  test('patterns', () => {
    const names = ['in0', 'in1', 'in10', 'mid', 'out0'];
    expect(matchBlockPattern('in1*', names)).toEqual(['in1', 'in10']);
    expect(matchBlockPattern('*', names)).toEqual(names);
    expect(matchBlockPattern('mid', names)).toEqual(['mid']);
    expect(matchBlockPattern('in.', names)).toEqual([]);
  });
});

describe('natural order', () => {
  test('numbers compare as numbers, then names', () => {
    expect(sortNatural(['out1', 'in10', 'mid', 'in2', 'out0', 'in11'])).toEqual([
      'in2',
      'in10',
      'in11',
      'mid',
      'out0',
      'out1',
    ]);
    expect(sortNatural(['single1', 'double10', 'double2'])).toEqual(['double2', 'double10', 'single1']);
    expect(compareNatural('a', 'a')).toBe(0);
    expect(compareNatural('in01', 'in1')).not.toBe(0);
  });
});
