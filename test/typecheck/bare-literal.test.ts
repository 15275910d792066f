import { describe, expect, test } from 'vitest';
import { applyEdits } from './baseline.js';
import { checkRecipe } from '../methods/run-recipe.js';

/** `literal 0.3 ...`, refused by sd-mecha 1.x, and the fix that writes it as sd-mecha does. */
const BARE = `version 0.1.0
model "a" model_config="sd1-ldm" merge_space="weight"
model "b" model_config="sd1-ldm" merge_space="weight"
  literal 0.3 model_config="singleton-mecha" merge_space="param"
merge "convert_singleton" &2
merge "weighted_sum" &0 &1 alpha=&3
merge "subtract" &1 &0
merge "add_difference" &4 &5 alpha=&3
merge "fallback" &6 &0
`;

describe('bare literal fix', () => {
  test('inserts the dict line, points the literal at it and renumbers every later reference', () => {
    const checked = checkRecipe(BARE);
    const [diagnostic] = checked.diagnostics;
    expect(checked.diagnostics).toHaveLength(1);
    expect(diagnostic!.code).toBe(3032);
    const fixed = applyEdits(BARE, diagnostic!.fixes![0]!.edits);
    expect(fixed).toBe(`version 0.1.0
model "a" model_config="sd1-ldm" merge_space="weight"
model "b" model_config="sd1-ldm" merge_space="weight"
  dict key=0.3
  literal &2 model_config="singleton-mecha" merge_space="param"
merge "convert_singleton" &3
merge "weighted_sum" &0 &1 alpha=&4
merge "subtract" &1 &0
merge "add_difference" &5 &6 alpha=&4
merge "fallback" &7 &0
`);
    const after = checkRecipe(fixed);
    expect(after.diagnostics).toEqual([]);
    // The same merge as lowering makes of the bare spelling: the value written, everywhere.
    expect(after.plan().keys).toEqual(checked.plan().keys);
  });

  test('a bare literal of another config is reported without a fix', () => {
    const text = 'version 0.1.0\nmodel "a" model_config="sd1-ldm" merge_space="weight"\nliteral 0.3 model_config="sd1-ldm" merge_space="param"\nmerge "weighted_sum" &0 &0 alpha=&1\n';
    const bare = checkRecipe(text).diagnostics.filter((d) => d.code === 3032);
    expect(bare).toHaveLength(1);
    expect(bare[0]!.fixes ?? []).toEqual([]);
  });
});
