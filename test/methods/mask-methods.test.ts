import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addOpposite } from '../../src/runtime/methods/add-opposite.js';
import { clampedAddOpposite } from '../../src/runtime/methods/clamped-add-opposite.js';
import {
  addOppositeMask,
  addStrictOppositeMask,
  trainDifferenceMask,
} from '../../src/runtime/methods/difference-masks.js';
import type { Kernel } from '../../src/runtime/methods/kernel.js';
import { trainDifference } from '../../src/runtime/methods/train-difference.js';
import { closeTo, f32, run, values } from './tensor-helpers.js';

describe('train_difference_mask', () => {
  test('is alpha * 1.8 * |b - a| / (|b - a| + |b - c|), 0 where both distances are 0', () => {
    // 0: 1.8 * 2 / 4. 1: a = b = c, 0/0 -> 0. 2: b = a -> 0.
    const [a, b, c] = [f32([1, 0, 2]), f32([3, 0, 2]), f32([1, 0, 0])];
    expect(closeTo(run(trainDifferenceMask, [a, b, c], { alpha: 1 }), [0.9, 0, 0])).toBe(true);
    expect(closeTo(run(trainDifferenceMask, [a, b, c], { alpha: 0.5 }), [0.45, 0, 0])).toBe(true);
  });
});

describe('add_opposite_mask', () => {
  test('is alpha * 2 * |a - b| / (|a - b| + |a + b - 2c|)', () => {
    // 0: 2 * 2 / 2. 1: a = b -> 0. 2: a = b = c, 0/0 -> 0. 3: 2 * 2 / 3.
    const inputs = [f32([1, 2, 5, 0]), f32([3, 2, 5, 2]), f32([2, 0, 5, 0.5])];
    expect(closeTo(run(addOppositeMask, inputs, { alpha: 1 }), [2, 0, 0, 4 / 3])).toBe(true);
    expect(closeTo(run(addOppositeMask, inputs, { alpha: -1 }), [-2, 0, 0, -4 / 3])).toBe(true);
  });
});

describe('add_strict_opposite_mask', () => {
  test('is alpha * 2 * max(0, (c - a)(b - c) / max(|a - c|, |b - c|)^2)', () => {
    // 0: 1 * 1 / 1. 1: 0.5 * 1.5 / 2.25 = 1/3. 2: 0/0 -> 0. 3: c outside [a, b]: -2 / 4 -> clamped to 0.
    const inputs = [f32([0, 0, 1, 3]), f32([2, 2, 1, 4]), f32([1, 0.5, 1, 2])];
    expect(closeTo(run(addStrictOppositeMask, inputs, { alpha: 1 }), [2, 2 / 3, 0, 0])).toBe(true);
    expect(closeTo(run(addStrictOppositeMask, inputs, { alpha: 3 }), [6, 2, 0, 0])).toBe(true);
  });
});

describe('the masks are the weights of the fused methods', () => {
  const small = fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 6, maxLength: 6 });
  test.each<[string, Kernel, Kernel]>([
    ['train_difference', trainDifferenceMask, trainDifference],
    ['add_opposite', addOppositeMask, addOpposite],
    ['clamped_add_opposite', addStrictOppositeMask, clampedAddOpposite],
  ])('%s(a, b, c) = a + (b - c) * mask', (_name, mask, fused) => {
    fc.assert(
      fc.property(small, small, small, fc.constantFrom(0.25, 0.5, 1, 2), (a, b, c, alpha) => {
        const inputs = [f32(a), f32(b), f32(c)];
        const m = values(run(mask, inputs, { alpha }));
        const expected = a.map((x, i) => x + (b[i]! - c[i]!) * m[i]!);
        expect(closeTo(run(fused, inputs, { alpha }), expected, 1e-4)).toBe(true);
      }),
    );
  });
});

describe('input checks', () => {
  test.each<[string, Kernel]>([
    ['train_difference_mask', trainDifferenceMask],
    ['add_opposite_mask', addOppositeMask],
    ['add_strict_opposite_mask', addStrictOppositeMask],
  ])('%s takes three same-shaped tensors and needs alpha', (_name, kernel) => {
    expect(() => run(kernel, [f32([1]), f32([2])], { alpha: 1 })).toThrow(RangeError);
    expect(() => run(kernel, [f32([1]), f32([2]), f32([1, 2])], { alpha: 1 })).toThrow(/shape/);
    expect(() => run(kernel, [f32([1]), f32([2]), f32([3])])).toThrow(/alpha/);
    expect(run(kernel, [f32([1, 2], [1, 2]), f32([3, 4], [1, 2]), f32([0, 0], [1, 2])], { alpha: 1 }).shape).toEqual([1, 2]);
  });
});
