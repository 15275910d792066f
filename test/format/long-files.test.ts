import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { throughPlan } from '../fuzz/pipeline.js';
import { v1Chain } from '../fuzz/recipes.js';

/** A 200,000-line recipe once overflowed the stack in `fmt` and `plan`: its lines were spread into calls. */
describe('a 200,000-line recipe', () => {
  test('formats, and lowers to a plan', () => {
    const text = v1Chain(200_000);
    const formatted = formatText(text.replace(/ = /g, '='));
    expect(formatted.diagnostics).toEqual([]);
    // Every `=` of the run of lets lines up with the longest name's.
    expect(formatted.text).toContain('\nlet x0      = weighted_sum(a, b)\n');
    expect(formatted.text).toContain('\nlet x199999 = weighted_sum(x199998, b)\n');
    expect(formatted.text.split('\n')).toHaveLength(text.split('\n').length);
    const plan = throughPlan(text);
    const key = plan.keys.find((k) => k.kind === 'compute');
    expect(key?.kind === 'compute' && key.program.steps.length).toBe(200_000);
  }, 600_000);
});
