import { describe, expect, test } from 'vitest';
import { gemm, matmul, matmulNT, matmulTN } from '../../src/runtime/linalg/matmul.js';
import { maxAbsDiff, transpose } from '../../src/runtime/linalg/matrix.js';
import { naiveMatmul, randomMatrix } from './helpers.js';

describe('matmul', () => {
  test.each([
    [1, 1, 1],
    [2, 3, 4],
    [7, 9, 5],
    [17, 33, 65],
    [64, 130, 70],
    [3, 1300, 2],
    // Large enough for the SIMD kernel, with an odd row, an odd column and leftover inner steps.
    [33, 35, 37],
    [31, 67, 34],
    [40, 41, 40],
  ])('%i x %i times %i x . agrees with the naive triple loop', (m, k, n) => {
    const a = randomMatrix(m, k, m * 100 + k);
    const b = randomMatrix(k, n, n * 7 + 1);
    expect(maxAbsDiff(matmul(a, b), naiveMatmul(a, b))).toBeLessThan(1e-12 * Math.max(1, k));
  });

  test('transposed variants', () => {
    const a = randomMatrix(6, 4, 1);
    const b = randomMatrix(6, 5, 2);
    const c = randomMatrix(3, 4, 3);
    expect(maxAbsDiff(matmulTN(a, b), naiveMatmul(transpose(a), b))).toBeLessThan(1e-13);
    expect(maxAbsDiff(matmulNT(a, c), naiveMatmul(a, transpose(c)))).toBeLessThan(1e-13);
  });

  test('gemm accumulates into a sub-block with strides and leaves the rest alone', () => {
    const a = randomMatrix(5, 7, 4); // use rows 1..3, cols 2..5 as a 3 x 4 operand
    const b = randomMatrix(6, 9, 5); // rows 1..4, cols 3..7 as 4 x 5
    const c = randomMatrix(8, 10, 6);
    const before = c.data.slice();
    gemm(3, 5, 4, a.data, 1 * 7 + 2, 7, b.data, 1 * 9 + 3, 9, c.data, 2 * 10 + 1, 10);
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 10; j++) {
        let expected = before[i * 10 + j]!;
        if (i >= 2 && i < 5 && j >= 1 && j < 6) {
          for (let k = 0; k < 4; k++) expected += a.data[(1 + i - 2) * 7 + 2 + k]! * b.data[(1 + k) * 9 + 3 + j - 1]!;
        }
        expect(c.data[i * 10 + j]).toBeCloseTo(expected, 12);
      }
    }
  });

  test('shape mismatch is an error', () => {
    expect(() => matmul(randomMatrix(2, 3, 1), randomMatrix(2, 3, 1))).toThrow(RangeError);
  });
});
