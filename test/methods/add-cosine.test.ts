import { describe, expect, test } from 'vitest';
import { addCosineA, addCosineB } from '../../src/runtime/methods/add-cosine.js';
import { closeTo, f32, run, values } from './tensor-helpers.js';

// Columns (dim 0 is reduced): a has columns (2, 0) and (1, 1); b has (4, 0) and (-1, 1).
const a = f32([2, 1, 0, 1], [2, 2]);
const b = f32([4, -1, 0, 1], [2, 2]);

describe('add_cosine_a', () => {
  test('blends each column by its cosine similarity', () => {
    // Column 0: similarity 1, k = 1 - (1 - 0.5) = 0.5 -> (3, 0). Column 1: similarity 0, k = 1 -> b's column.
    expect(values(run(addCosineA, [a, b], { alpha: 0.5 }))).toEqual([3, -1, 0, 1]);
  });

  test('a zero column has similarity 0 and takes b, without NaN', () => {
    const out = run(addCosineA, [f32([0, 1, 0, 1], [2, 2]), f32([5, 1, 6, 1], [2, 2])], { alpha: 0.5 });
    expect(values(out)).toEqual([5, 1, 6, 1]);
  });

  test('alpha is required (no default in sd-mecha 0.0.29)', () => {
    expect(() => run(addCosineA, [a, b])).toThrow(/missing hyperparameter 'alpha'/);
  });
});

describe('add_cosine_b', () => {
  test('averages the column similarity with the whole-tensor similarity', () => {
    const magnitude = 8 / (Math.sqrt(6) * Math.sqrt(18));
    const k0 = 1 - ((1 + magnitude) / 2 - 0.5);
    // Column 1: (0 + magnitude) / 2 < 0.5, so k = 1 and b's column is taken.
    const expected = [(1 - k0) * 2 + k0 * 4, -1, 0, 1];
    expect(closeTo(run(addCosineB, [a, b], { alpha: 0.5 }), expected, 1e-6)).toBe(true);
  });

  test('a zero tensor gives NaN, as the unguarded reference does', () => {
    const out = run(addCosineB, [f32([0, 0]), f32([1, 2])], { alpha: 0.5 });
    expect(values(out).every(Number.isNaN)).toBe(true);
  });
});
