import { describe, expect, test } from 'vitest';
import { torchArgsort } from '../../src/runtime/linalg/torch-argsort.js';
import { seededRandom } from './random.js';

// Orders produced by g++ 12 / libstdc++'s std::sort on (value, index) pairs with torch's comparator, for keys from
// the same linear congruential sequence (s = s * 1103515245 + 12345, key = (s >> 16) % 7 - 3).
function keys(n: number): number[] {
  let s = (12345 + n) >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return ((s >>> 16) % 7) - 3;
  });
}
const STD_SORT_40 = [
  17, 16, 24, 30, 10, 39, 33, 38, 2, 34, 32, 31, 29, 3, 22, 21, 37, 27, 26, 20, 19, 14, 1, 36, 8, 28, 25, 13, 12, 11, 9,
  7, 6, 35, 18, 5, 4, 0, 15, 23,
];
const STD_SORT_150 = [
  47, 42, 137, 82, 109, 32, 120, 89, 141, 35, 145, 94, 74, 8, 73, 116, 5, 117, 37, 136, 98, 123, 101, 54, 95, 39, 79,
  52, 108, 110, 87, 135, 77, 76, 115, 12, 10, 128, 118, 61, 131, 83, 58, 96, 62, 78, 66, 71, 138, 1, 3, 7, 9, 113, 16,
  140, 111, 139, 106, 28, 103, 93, 92, 80, 90, 122, 119, 84, 86, 72, 91, 125, 68, 30, 26, 31, 33, 24, 69, 41, 22, 44,
  45, 46, 49, 134, 17, 56, 57, 15, 59, 60, 144, 129, 65, 23, 104, 36, 148, 114, 121, 21, 19, 102, 67, 127, 63, 81, 132,
  85, 133, 43, 40, 38, 124, 100, 29, 146, 0, 149, 48, 2, 4, 6, 13, 18, 20, 27, 51, 53, 107, 64, 88, 105, 147, 99, 11,
  97, 143, 142, 14, 130, 126, 25, 75, 34, 112, 50, 70, 55,
];

describe('torch argsort order', () => {
  test('ties come out in libstdc++ std::sort order', () => {
    expect(keys(40).slice(0, 5)).toEqual([2, 1, -2, -1, 2]);
    expect(Array.from(torchArgsort(keys(40)))).toEqual(STD_SORT_40);
    expect(Array.from(torchArgsort(keys(150)))).toEqual(STD_SORT_150);
  });

  test('sorts ascending as a permutation, NaN last', () => {
    const rand = seededRandom(3);
    const x = Array.from({ length: 1000 }, () => Math.round(rand() * 50) / 10);
    x[10] = Number.NaN;
    x[500] = Number.NaN;
    const order = torchArgsort(x);
    expect(new Set(order).size).toBe(1000);
    for (let i = 1; i < 998; i++) expect(x[order[i]!]).toBeGreaterThanOrEqual(x[order[i - 1]!]!);
    expect(Number.isNaN(x[order[998]!]!) && Number.isNaN(x[order[999]!]!)).toBe(true);
  });

  test('sixteen or fewer elements are insertion sorted, which keeps ties in index order', () => {
    const order = torchArgsort([1, 0, 1, 0, 1, 0]);
    expect(Array.from(order)).toEqual([1, 3, 5, 0, 2, 4]);
  });

  test('an adversarial input that exhausts the depth limit still sorts', () => {
    // Organ-pipe-like sequences make median-of-three pick poor pivots; whatever path runs, the order must be sorted.
    const n = 5000;
    const x = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? i : n - i) % 97);
    const order = torchArgsort(x);
    for (let i = 1; i < n; i++) expect(x[order[i]!]).toBeGreaterThanOrEqual(x[order[i - 1]!]!);
  });
});
