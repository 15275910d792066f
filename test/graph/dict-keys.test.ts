import { describe, expect, test } from 'vitest';
import { parseDictKey } from '../../src/graph/dict-keys.js';

describe('parseDictKey', () => {
  test('reads the keys sd-mecha 0.0.x wrote', () => {
    expect(parseDictKey('sd1_unet_block_in2')).toEqual({ kind: 'block', arch: 'sd1', component: 'unet', name: 'in2' });
    expect(parseDictKey('sdxl_txt2_default')).toEqual({ kind: 'default', arch: 'sdxl', component: 'txt2' });
    expect(parseDictKey('sd1_txt_class_mlp_fc1')).toEqual({ kind: 'class', arch: 'sd1', component: 'txt', name: 'mlp_fc1' });
    expect(parseDictKey('sd1_unet_block_out*')).toEqual({ kind: 'block', arch: 'sd1', component: 'unet', name: 'out*' });
  });

  test('leaves other keys alone', () => {
    expect(parseDictKey('key')).toBeUndefined();
    expect(parseDictKey('BASE')).toBeUndefined();
    expect(parseDictKey('model.diffusion_model.out.0.weight')).toBeUndefined();
    expect(parseDictKey('sd1_unet_something')).toBeUndefined();
  });
});
