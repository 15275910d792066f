import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LowerError } from '../../src/plan/lower.js';
import { checkText } from './baseline.js';
import { checkRecipe, GOLDEN_MODELS } from '../methods/run-recipe.js';

/**
 * The checker reports disagreeing input shapes and missing keys exactly where lowering refuses the recipe: `linear`
 * holds sd1-tiny's keys with the transformer projections stored as [6, 6] instead of [6, 6, 1, 1]; `partial` lacks
 * the mid block's proj_out weight and bias.
 */
const DIRS = [GOLDEN_MODELS, join(import.meta.dirname, '../fixtures/check/models')];
const MODELS =
  'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nmodel linear = "sd1-linear-proj" : sd1\n' +
  'model partial = "sd1-without-mid-proj-out" : sd1\n';

function shapeErrors(text: string, code = 5016) {
  const checked = checkRecipe(text, DIRS);
  return { checked, shapes: checked.diagnostics.filter((d) => d.code === code) };
}

describe('merged keys: shapes and presence', () => {
  test.each([
    ['a direct merge', 'let out = weighted_sum(a, linear)\n', 'linear'],
    ['inside a nested merge', 'let out = add_difference(weighted_sum(a, b), subtract(linear, a))\n', 'a)'],
    ['a fallback that takes the other model', 'let out = weighted_sum(fallback(linear, a), b)\n', 'b)'],
  ])('%s is reported, and lowering refuses it', (_name, body, argument) => {
    const text = MODELS + body;
    const { checked, shapes } = shapeErrors(text);
    expect(shapes).toHaveLength(1);
    expect(text.slice(shapes[0]!.span.start)).toMatch(new RegExp(`^${argument.replace(')', '\\)')}`));
    expect(shapes[0]!.message).toContain('proj_in.weight');
    expect(() => checked.plan()).toThrow(LowerError);
  });

  test.each([
    ['a direct merge', 'let out = weighted_sum(partial, b)\n', 'partial'],
    ['a nested merge', 'let out = add_difference(b, subtract(weighted_sum(a, partial), a))\n', 'partial)'],
    ['a fallback whose arguments all lack the key', 'let out = weighted_sum(a, fallback(partial, partial))\n', 'partial,'],
  ])('a missing key in %s is reported, and lowering refuses it', (_name, body, argument) => {
    const text = MODELS + body;
    const { checked, shapes } = shapeErrors(text, 5017);
    expect(shapes).toHaveLength(1);
    expect(text.slice(shapes[0]!.span.start).startsWith(argument)).toBe(true);
    expect(shapes[0]!.message).toContain('middle_block.1.proj_out');
    expect(() => checked.plan()).toThrow(LowerError);
  });

  test.each([
    ['a fallback that takes a missing key from its second argument', 'let out = fallback(weighted_sum(a, partial), b)\n'],
    ['a fallback whose first argument has every key', 'let out = fallback(weighted_sum(a, b), linear)\n'],
    ['one model alone', 'let out = weighted_sum(linear, linear)\n'],
  ])('%s checks clean, and lowering plans it', (_name, body) => {
    const { checked } = shapeErrors(MODELS + body);
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(checked.plan().keys.length).toBeGreaterThan(0);
  });

  test('without file access nothing is compared', () => {
    const text = 'version 1\nmodel a = "sd1-tiny/models/a" : sd1\nmodel linear = "sd1-linear-proj" : sd1\nlet out = weighted_sum(a, linear)\n';
    expect(checkText(text).diagnostics.map((d) => d.code)).toEqual([5016]);
    expect(checkText(text, { noFs: true }).diagnostics).toEqual([]);
  });
});
