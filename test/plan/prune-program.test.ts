import { describe, expect, test } from 'vitest';
import { pruneProgram } from '../../src/plan/prune-program.js';
import type { Program } from '../../src/plan/plan.js';

describe('pruneProgram', () => {
  test('drops the loads and steps the result does not read, renumbering the rest', () => {
    const program: Program = {
      loads: [
        { input: 0, key: 'k', dtype: 'F16' },
        { input: 1, key: 'up', dtype: 'F16' },
        { input: 1, key: 'down', dtype: 'F16' },
      ],
      steps: [
        { method: 'lora', args: [1, 2], hypers: { factors: 'u' } },
        { method: 'add_difference', args: [0, 0], hypers: { alpha: 1 } },
      ],
      result: 4,
    };
    expect(pruneProgram(program)).toEqual({
      loads: [{ input: 0, key: 'k', dtype: 'F16' }],
      steps: [{ method: 'add_difference', args: [0, 0], hypers: { alpha: 1 } }],
      result: 1,
    });
  });

  test('a program whose every value is used is returned as it is', () => {
    const program: Program = {
      loads: [
        { input: 0, key: 'k', dtype: 'F16' },
        { input: 1, key: 'k', dtype: 'F16' },
      ],
      steps: [{ method: 'weighted_sum', args: [0, 1], hypers: { alpha: 0.5 } }],
      result: 2,
    };
    expect(pruneProgram(program)).toBe(program);
  });
});
