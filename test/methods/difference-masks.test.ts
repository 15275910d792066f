import { describe, expect, test } from 'vitest';
import { addOpposite } from '../../src/runtime/methods/add-opposite.js';
import { clampedAddOpposite } from '../../src/runtime/methods/clamped-add-opposite.js';
import { trainDifference } from '../../src/runtime/methods/train-difference.js';
import { closeTo, f32, run, values } from './tensor-helpers.js';

describe('train_difference', () => {
  test('adds b - c scaled by 1.8 |b - a| / (|b - a| + |b - c|)', () => {
    // 0: mask 1.8 * 2 / 4 = 0.9, 1 + 2 * 0.9. 1: a = b = c, 0/0 -> 0. 2: b = a -> mask 0.
    const out = run(trainDifference, [f32([1, 0, 2]), f32([3, 0, 2]), f32([1, 0, 0])]);
    expect(closeTo(out, [2.8, 0, 2])).toBe(true);
    expect(values(out).some(Number.isNaN)).toBe(false);
  });

  test('alpha scales the added difference', () => {
    expect(closeTo(run(trainDifference, [f32([1]), f32([3]), f32([1])], { alpha: 0.5 }), [1.9])).toBe(true);
  });
});

describe('add_opposite', () => {
  test('adds b - c where a and b are on opposite sides of c', () => {
    // 0: |a - b| = 2, |a + b - 2c| = 0 -> mask 2 -> 1 + 1 * 2. 1: a = b -> mask 0. 2: a = b = c: 0/0 -> 0.
    expect(values(run(addOpposite, [f32([1, 2, 5]), f32([3, 2, 5]), f32([2, 0, 5])]))).toEqual([3, 2, 5]);
  });

  test('a partial mask', () => {
    // a = 0, b = 2, c = 0.5: |a - b| = 2, |a + b - 2c| = 1 -> mask 4/3, 0 + 1.5 * 4/3 = 2
    expect(closeTo(run(addOpposite, [f32([0]), f32([2]), f32([0.5])]), [2])).toBe(true);
  });
});

describe('clamped_add_opposite', () => {
  test('mask 2 * max(0, (c - a)(b - c) / max(|a - c|, |b - c|)^2)', () => {
    const a = f32([1, 3, 5, 7, 0]);
    const b = f32([3, 5, 5, 1, 4]);
    const c = f32([2, 6, 5, 4, 1]);
    // 0: c between a and b, ratio 1. 1: c outside -> 0. 2: all equal, 0/0 -> 0. 3: ratio 1 downward.
    // 4: (1)(3) / 9 -> mask 2/3, 0 + 3 * 2/3.
    expect(closeTo(run(clampedAddOpposite, [a, b, c]), [3, 3, 5, 1, 2])).toBe(true);
    expect(values(run(clampedAddOpposite, [a, b, c])).some(Number.isNaN)).toBe(false);
  });
});
