import { describe, expect, test } from 'vitest';
import { isWindowable, keyMemory } from '../../src/plan/memory.js';
import { printPlan } from '../../src/plan/print.js';
import type { ComputeKey, Plan, PlanStep } from '../../src/plan/plan.js';

/** The token embedding of SD1: the largest key of the model. */
const SHAPE = [49408, 768];
const ELEMENTS = 49408 * 768;

function keyOf(merge: PlanStep): ComputeKey {
  return {
    kind: 'compute',
    name: 'token_embedding.weight',
    dtype: 'F16',
    shape: SHAPE,
    program: {
      loads: [0, 1, 2].map((input) => ({ input, key: 'token_embedding.weight', dtype: 'F16' as const })),
      steps: [
        { method: 'subtract', args: [0, 2], hypers: {} },
        { method: 'subtract', args: [1, 2], hypers: {} },
        merge,
        { method: 'add_difference', args: [2, 5], hypers: {} },
      ],
      result: 6,
    },
  };
}

const ties = keyOf({ method: 'ties_sum', args: [3, 4], hypers: { k: 0.3 } });
const median = keyOf({ method: 'ties_sum_extended', args: [3, 4], hypers: { apply_median: 1 } });

function planOf(key: ComputeKey): Plan {
  return { inputs: ['a', 'b', 'c'].map((name) => ({ name, path: `${name}.safetensors` })), keys: [key], workDtype: 'fp32', metadata: {} };
}

describe('key memory', () => {
  test('a TIES key is computed in windows: its output plus a few MiB, whatever its size', () => {
    expect(isWindowable(ties, 'fp32')).toBe(true);
    const output = ELEMENTS * 2;
    expect(keyMemory(ties, 'fp32')).toBeGreaterThan(output);
    expect(keyMemory(ties, 'fp32')).toBeLessThan(output + 16 * 1024 * 1024);
  });

  test('a key that needs whole tensors counts every value of its program, and fp64 work is not windowed', () => {
    expect(isWindowable(median, 'fp32')).toBe(false);
    expect(keyMemory(median, 'fp32')).toBe(ELEMENTS * 2 + ELEMENTS * 7 * 4);
    expect(isWindowable(ties, 'fp64')).toBe(false);
    expect(keyMemory(ties, 'fp64')).toBe(ELEMENTS * 2 + ELEMENTS * 7 * 8);
  });

  test('mechac plan warns about keys beyond the budget, before the run, with the memory they need', () => {
    const budget = 512 * 1024 * 1024;
    const warned = printPlan(planOf(median), { keys: false, memoryBudget: budget });
    expect(warned).toMatch(/warning: 1 key needs whole tensors beyond the memory budget of 512(\.0)? MiB \(largest token_embedding\.weight: 1\.\d+ GiB\)/);
    expect(printPlan(planOf(ties), { keys: false, memoryBudget: budget })).not.toMatch(/warning/);
    expect(printPlan(planOf(ties), { keys: false })).toMatch(/1 merged, 0 of them streamed in chunks, 1 in windows/);
  });
});
