import { describe, expect, test } from 'vitest';
import { selectMaxDelta } from '../../src/runtime/methods/select-max-delta.js';
import { f32, run, values } from './tensor-helpers.js';

const a = f32([1, -3, 0, 2]);
const b = f32([2, 1, -1, -2]);

describe('select_max_delta', () => {
  test('takes the larger of |a| / std(a) and |b| / std(b)', () => {
    // std(a) = sqrt(14/3), std(b) = sqrt(10/3) (unbiased): only -3 beats its counterpart.
    expect(values(run(selectMaxDelta, [a, b]))).toEqual([2, -3, -1, -2]);
  });

  test('alpha weighs the comparison: 0 always keeps a, 1 keeps a only where b is 0', () => {
    expect(values(run(selectMaxDelta, [a, b], { alpha: 0 }))).toEqual([1, -3, 0, 2]);
    expect(values(run(selectMaxDelta, [f32([1, 2]), f32([0, 3])], { alpha: 1 }))).toEqual([1, 3]);
  });

  test('a single element has no std: NaN compares false and b is taken', () => {
    expect(values(run(selectMaxDelta, [f32([5]), f32([1])]))).toEqual([1]);
  });
});
