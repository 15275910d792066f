import { describe, expect, test } from 'vitest';
import { addDifference } from '../../src/runtime/methods/add-difference.js';
import { nAverage } from '../../src/runtime/methods/n-average.js';
import { perpendicularComponent } from '../../src/runtime/methods/perpendicular-component.js';
import { subtract } from '../../src/runtime/methods/subtract.js';
import { closeTo, f32, run, values } from './tensor-helpers.js';

describe('subtract and add_difference', () => {
  test('subtract is a - b', () => {
    expect(values(run(subtract, [f32([5, 1, -2]), f32([2, 3, -2])]))).toEqual([3, -2, 0]);
  });

  test('add_difference is a + alpha * b, alpha 1.0 by default', () => {
    expect(values(run(addDifference, [f32([1, 2]), f32([4, -8])]))).toEqual([5, -6]);
    expect(values(run(addDifference, [f32([1, 2]), f32([4, -8])], { alpha: 0.25 }))).toEqual([2, 0]);
  });
});

describe('n_average', () => {
  test('averages any number of models', () => {
    expect(values(run(nAverage, [f32([1, 2]), f32([3, 4]), f32([5, 9])]))).toEqual([3, 5]);
    expect(values(run(nAverage, [f32([7, -1])]))).toEqual([7, -1]);
  });

  test('needs at least one model', () => {
    expect(() => run(nAverage, [])).toThrow(/at least 1/);
  });
});

describe('perpendicular_component', () => {
  test('removes the projection of b on a', () => {
    expect(values(run(perpendicularComponent, [f32([2, 0]), f32([3, 4])]))).toEqual([0, 4]);
    // b = (1, 2, 3) against a = (1, 1, 0): projection (1.5, 1.5, 0).
    expect(closeTo(run(perpendicularComponent, [f32([1, 1, 0]), f32([1, 2, 3])]), [-0.5, 0.5, 3])).toBe(true);
  });

  test('a zero a gives zeros, not NaN, like the reference', () => {
    expect(values(run(perpendicularComponent, [f32([0, 0, 0]), f32([1, 2, 3])]))).toEqual([0, 0, 0]);
  });
});
