import { describe, expect, test } from 'vitest';
import { ratioToRegion } from '../../src/runtime/methods/region.js';
import { tensorSum } from '../../src/runtime/methods/tensor-sum.js';
import { f32, run, values } from './tensor-helpers.js';

describe('ratioToRegion', () => {
  test('a window inside the range, and one that wraps', () => {
    expect(ratioToRegion(0.5, 0.25, 4)).toEqual({ start: 1, end: 3, inverted: false });
    expect(ratioToRegion(0.5, 0.75, 4)).toEqual({ start: 1, end: 3, inverted: true });
  });

  test('negative width and offset, width above 1', () => {
    expect(ratioToRegion(-0.25, 0.5, 4)).toEqual({ start: 1, end: 2, inverted: false });
    expect(ratioToRegion(0.25, -0.25, 4)).toEqual({ start: 3, end: 4, inverted: false });
    expect(ratioToRegion(2, 0, 4)).toEqual({ start: 0, end: 4, inverted: false });
  });

  test('bounds round half to even', () => {
    // 0.1 * 5 = 0.5 -> 0, 0.3 * 5 = 1.5 -> 2
    expect(ratioToRegion(0.2, 0.1, 5)).toEqual({ start: 0, end: 2, inverted: false });
  });
});

describe('tensor_sum', () => {
  const a = f32([1, 1, 2, 2, 3, 3, 4, 4], [4, 2]);
  const b = f32([-1, -1, -2, -2, -3, -3, -4, -4], [4, 2]);

  test('copies rows of b into a', () => {
    expect(values(run(tensorSum, [a, b], { width: 0.5, offset: 0.25 }))).toEqual([1, 1, -2, -2, -3, -3, 4, 4]);
  });

  test('a wrapping window puts rows of a into b', () => {
    expect(values(run(tensorSum, [a, b], { width: 0.5, offset: 0.75 }))).toEqual([-1, -1, 2, 2, 3, 3, -4, -4]);
  });

  test('defaults: the first half of the rows from b', () => {
    expect(values(run(tensorSum, [a, b]))).toEqual([-1, -1, -2, -2, 3, 3, 4, 4]);
  });

  test('does not modify its inputs', () => {
    run(tensorSum, [a, b], { width: 1 });
    expect(values(a)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  test('a 0-d tensor is b when width > 0.5', () => {
    expect(values(run(tensorSum, [f32([1], []), f32([2], [])], { width: 0.6 }))).toEqual([2]);
    expect(values(run(tensorSum, [f32([1], []), f32([2], [])], { width: 0.5 }))).toEqual([1]);
  });
});
