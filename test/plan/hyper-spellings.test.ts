import { describe, expect, test } from 'vitest';
import type { Plan } from '../../src/plan/plan.js';
import { checkRecipe } from '../methods/run-recipe.js';

/**
 * Every spelling of a hyperparameter value the dialects accept reaches the kernel: each recipe below sets
 * weighted_sum's alpha to 0.3 (its default is 0.5) in one way, passes the checker, and the plan's step for the
 * key it covers carries 0.3. A spelling that lowering did not understand would fall back to the default silently.
 */

const UNET_IN2 = 'model.diffusion_model.input_blocks.2.0.in_layers.2.weight';
const TXT_FC1 = 'cond_stage_model.transformer.text_model.encoder.layers.0.mlp.fc1.weight';
const MODELS = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\n';
const LEGACY = 'model "a" "sd1" "base"\nmodel "b" "sd1" "base"\n';
const V010 = 'version 0.1.0\nmodel "a" model_config="sd1-ldm" merge_space="weight"\nmodel "b" model_config="sd1-ldm" merge_space="weight"\n';
const SINGLETON = 'dict key=0.3\nliteral &2 model_config="singleton-mecha" merge_space="param"\nmerge "convert_singleton" &3\n';
/** 26 SuperMerger values, IN02 (the fourth) set to 0.3. */
const MBW = ['0.5', '0.5', '0.5', '0.3', ...Array<string>(22).fill('0.5')].join(',');

const SPELLINGS: readonly (readonly [string, string, string])[] = [
  ['v1 number', `${MODELS}let out = weighted_sum(a, b, alpha=0.3)\n`, UNET_IN2],
  ['v1 bound number', `${MODELS}let w = 0.3\nlet out = weighted_sum(a, b, alpha=w)\n`, UNET_IN2],
  ['v1 default of every component', `${MODELS}let out = weighted_sum(a, b, alpha=default(sd1, 0.3))\n`, TXT_FC1],
  ['v1 default of one component', `${MODELS}let mix = default(sd1.unet, 0.3)\nlet out = weighted_sum(a, b, alpha=mix)\n`, UNET_IN2],
  ['v1 block', `${MODELS}let out = weighted_sum(a, b, alpha=blocks(sd1.unet, in2=0.3))\n`, UNET_IN2],
  ['v1 block wildcard', `${MODELS}let out = weighted_sum(a, b, alpha=blocks(sd1.unet, in*=0.3))\n`, UNET_IN2],
  ['v1 class', `${MODELS}let out = weighted_sum(a, b, alpha=classes(sd1.txt, mlp_fc1=0.3))\n`, TXT_FC1],
  ['v1 pipe, right side wins', `${MODELS}let out = weighted_sum(a, b, alpha=default(sd1, 0.9) | default(sd1, 0.3))\n`, UNET_IN2],
  ['v1 mbw list', `${MODELS}let out = weighted_sum(a, b, alpha=mbw(sd1, "${MBW}"))\n`, UNET_IN2],
  ['sd-mecha 0.0.x number', `${LEGACY}merge "weighted_sum" &0 &1 alpha=0.3\n`, UNET_IN2],
  ['sd-mecha 0.0.x dict default', `${LEGACY}dict sd1_unet_default=0.3\nmerge "weighted_sum" &0 &1 alpha=&2\n`, UNET_IN2],
  ['sd-mecha 0.0.x dict block', `${LEGACY}dict sd1_unet_block_in2=0.3\nmerge "weighted_sum" &0 &1 alpha=&2\n`, UNET_IN2],
  ['sd-mecha 0.0.x dict class', `${LEGACY}dict sd1_txt_class_mlp_fc1=0.3\nmerge "weighted_sum" &0 &1 alpha=&2\n`, TXT_FC1],
  ['sd-mecha 0.1.0 number', `${V010}merge "weighted_sum" &0 &1 alpha=0.3\n`, UNET_IN2],
  ['sd-mecha 0.1.0 singleton', `${V010}${SINGLETON}merge "weighted_sum" &0 &1 alpha=&4\n`, UNET_IN2],
  ['sd-mecha 0.1.0 positional singleton', `${V010}${SINGLETON}merge "weighted_sum" &0 &1 &4\n`, UNET_IN2],
  [
    'sd-mecha 0.1.0 dict of tensor keys',
    `${V010}dict ${UNET_IN2}=0.3\nliteral &2 model_config="sd1-ldm" merge_space="param"\nmerge "weighted_sum" &0 &1 alpha=&3\n`,
    UNET_IN2,
  ],
  ['sd-mecha 0.1.0 singleton under a fallback', `${V010}${SINGLETON}merge "weighted_sum" &0 &1 alpha=&4\nmerge "fallback" &5 &0\n`, TXT_FC1],
];

function alphaAt(plan: Plan, key: string): unknown {
  const entry = plan.keys.find((k) => k.name === key);
  if (entry?.kind !== 'compute') throw new Error(`${key} is not computed`);
  const step = entry.program.steps.find((s) => s.method === 'weighted_sum');
  return step?.hypers['alpha'];
}

describe('every accepted spelling of a hyperparameter reaches the kernel', () => {
  test.each(SPELLINGS)('%s', (_name, text, key) => {
    const checked = checkRecipe(text);
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(alphaAt(checked.plan(), key)).toBe(0.3);
  });

  test("the bare singleton sd-mecha refuses is reported, and lowering still reads the value written, never the default", () => {
    const text = `${V010}literal 0.3 model_config="singleton-mecha" merge_space="param"\nmerge "convert_singleton" &2\nmerge "weighted_sum" &0 &1 alpha=&3\n`;
    const checked = checkRecipe(text);
    expect(checked.diagnostics.map((d) => d.code)).toEqual([3032]);
    expect(alphaAt(checked.plan(), UNET_IN2)).toBe(0.3);
  });
});
