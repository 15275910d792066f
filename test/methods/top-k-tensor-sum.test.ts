import { describe, expect, test } from 'vitest';
import { topKTensorSum } from '../../src/runtime/methods/top-k-tensor-sum.js';
import { f32, f64, run, values } from './tensor-helpers.js';

const a = f32([3, -1, 2, -4]);
const b = f32([10, 30, 20, 0]);

describe('top_k_tensor_sum', () => {
  test('width 1 deals a\'s sorted values out in b\'s rank order', () => {
    // sorted a = (-4, -1, 2, 3); b's ranks = (1, 3, 2, 0)
    expect(values(run(topKTensorSum, [a, b], { width: 1 }))).toEqual([-1, 3, 2, -4]);
  });

  test('only values whose magnitude is in the region move', () => {
    // width 0.5: magnitudes up to the 2nd smallest (2) move; -4 and 3 would not, so a is kept there.
    expect(values(run(topKTensorSum, [a, b], { width: 0.5 }))).toEqual([-1, -1, 2, -4]);
  });

  test('a wrapping region inverts the mask', () => {
    // offset 0.75, width 0.5: the region is [1, 3] inverted: magnitudes outside the 1st..3rd smallest move.
    expect(values(run(topKTensorSum, [a, b], { width: 0.5, offset: 0.75 }))).toEqual([3, -1, 2, -4]);
  });

  test('ties in b keep index order (a stable sort), -0 and +0 included', () => {
    expect(values(run(topKTensorSum, [a, f32([5, 5, 5, 5])], { width: 1 }))).toEqual([-4, -1, 2, 3]);
    expect(values(run(topKTensorSum, [a, f32([0, -0, 0, -0])], { width: 1 }))).toEqual([-4, -1, 2, 3]);
  });

  test('fp64 work gives the same selection', () => {
    expect(values(run(topKTensorSum, [f64([3, -1, 2, -4]), f64([10, 30, 20, 0])], { width: 0.5 }, 'fp64'))).toEqual([
      -1, -1, 2, -4,
    ]);
  });

  test('large tensors take the radix path and agree with a plain sort', () => {
    const n = 10000;
    const x = f32(Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1));
    const y = f32(Array.from({ length: n }, (_, i) => Math.cos(i * 78.233) * 12345.678 % 1));
    const out = run(topKTensorSum, [x, y], { width: 1 });
    const sortedX = Array.from(x.data).sort((p, q) => p - q);
    const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => y.data[i] - y.data[j] || i - j);
    const expected = new Array<number>(n);
    order.forEach((i, rank) => (expected[i] = sortedX[rank]));
    expect(values(out)).toEqual(expected);
  });
});
