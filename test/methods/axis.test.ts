import { describe, expect, test } from 'vitest';
import { axisLayout, axisNorms, normalizeAlong } from '../../src/runtime/methods/axis.js';
import { cosineSimilarity } from '../../src/runtime/methods/cosine-similarity.js';
import { kernelContext } from '../../src/runtime/methods/kernel.js';

const ctx = kernelContext('k', 'fp64');

describe('axisLayout', () => {
  test('splits the shape around the axis; negative dims count from the end; 0-d is one element', () => {
    expect(axisLayout([2, 3, 4], 1)).toEqual({ outer: 2, length: 3, inner: 4 });
    expect(axisLayout([2, 3, 4], -1)).toEqual({ outer: 6, length: 4, inner: 1 });
    expect(axisLayout([], 0)).toEqual({ outer: 1, length: 1, inner: 1 });
    expect(() => axisLayout([2, 3], 2)).toThrow(RangeError);
  });
});

describe('reductions along an axis', () => {
  // Shape [2, 2, 2]: x[o][l][i] = values below in row-major order.
  const x = Float64Array.of(3, 0, 4, 1, 0, 2, 0, 0);

  test('norms of the slices along the middle axis, indexed (outer, inner)', () => {
    // (o=0,i=0): (3, 4) -> 5; (0, i=1): (0, 1) -> 1; (1, 0): (0, 0) -> 0; (1, 1): (2, 0) -> 2
    expect(Array.from(axisNorms(x, axisLayout([2, 2, 2], 1), ctx))).toEqual([5, 1, 0, 2]);
  });

  test('normalize divides by the slice norm, floored at eps (a zero slice stays zero)', () => {
    const out = normalizeAlong(x, axisLayout([2, 2, 2], 1), 1e-12, ctx);
    expect(Array.from(out)).toEqual([0.6, 0, 0.8, 1, 0, 1, 0, 0]);
  });

  test('cosine similarity per slice; a zero slice gives 0', () => {
    const y = Float64Array.of(4, 0, 3, 5, 1, 2, 0, 0);
    const cos = cosineSimilarity(x, y, axisLayout([2, 2, 2], 1), 1e-8, ctx);
    // (3,4)·(4,3)/25 = 0.96; (0,1) vs (0,5) -> 1; zero slice (0,0) vs (1,0) -> 0; (2,0) vs (2,0) -> 1
    expect(Array.from(cos).map((c) => Number(c.toFixed(12)))).toEqual([0.96, 1, 0, 1]);
  });
});
