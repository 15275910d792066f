/**
 * A stable ascending argsort of a flattened tensor, torch.argsort(stable=True)'s order: -0 and +0 tie (so they keep
 * their index order) and NaN sorts last. A least-significant-digit radix sort on order-preserving keys made from the
 * float bits: 16-bit digits, two passes for fp32 and four for fp64, each pass stable.
 */

import type { WorkArray } from '../methods/kernel.js';

const RADIX = 1 << 16;
/** Below this many elements a comparison sort beats clearing and scanning 65536-bucket histograms. */
const SMALL = 4096;

/** Order-preserving key of fp32 bits with both zeros equal and every NaN largest. */
function key32(bits: number): number {
  if ((bits & 0x7fffffff) === 0) return 0x80000000;
  if ((bits & 0x7fffffff) > 0x7f800000) return 0xffffffff;
  return (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
}

/**
 * One stable counting pass: moves (key word, index) pairs from `src` into `dst` ordered by the 16-bit digit
 * at `shift` of `digitWord`, carrying the other key words along.
 */
function scatterPass(
  digitWord: Uint32Array,
  shift: number,
  srcWords: readonly Uint32Array[],
  srcIndex: Uint32Array,
  dstWords: readonly Uint32Array[],
  dstIndex: Uint32Array,
): void {
  const n = srcIndex.length;
  const offsets = new Uint32Array(RADIX);
  for (let i = 0; i < n; i++) offsets[(digitWord[i] >>> shift) & 0xffff]++;
  let total = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = offsets[d];
    offsets[d] = total;
    total += c;
  }
  const words = srcWords.length;
  for (let i = 0; i < n; i++) {
    const at = offsets[(digitWord[i] >>> shift) & 0xffff]++;
    dstIndex[at] = srcIndex[i];
    for (let w = 0; w < words; w++) dstWords[w][at] = srcWords[w][i];
  }
}

function sortByKeysSmall(keyWords: Uint32Array[]): Uint32Array {
  const n = keyWords[0].length;
  const order = Array.from({ length: n }, (_, i) => i);
  if (keyWords.length === 1) {
    const keys = keyWords[0];
    order.sort((i, j) => keys[i] - keys[j] || i - j);
  } else {
    const [hi, lo] = keyWords;
    order.sort((i, j) => hi[i] - hi[j] || lo[i] - lo[j] || i - j);
  }
  return Uint32Array.from(order);
}

function sortByKeys(keyWords: Uint32Array[]): Uint32Array {
  const n = keyWords[0].length;
  if (n < SMALL) return sortByKeysSmall(keyWords);
  let index = new Uint32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  let words: Uint32Array[] = keyWords;
  let spareIndex = new Uint32Array(n);
  let spareWords: Uint32Array[] = keyWords.map(() => new Uint32Array(n));
  // Least significant word first; within a word, the low digit first.
  for (let w = keyWords.length - 1; w >= 0; w--) {
    for (const shift of [0, 16]) {
      scatterPass(words[w], shift, words, index, spareWords, spareIndex);
      [words, spareWords] = [spareWords, words];
      [index, spareIndex] = [spareIndex, index];
    }
  }
  return index;
}

/** Indices that sort `data` ascending, ties kept in index order. */
export function stableArgsort(data: WorkArray): Uint32Array {
  const n = data.length;
  if (data instanceof Float32Array) {
    const bits = new Uint32Array(data.buffer, data.byteOffset, n);
    const keys = new Uint32Array(n);
    for (let i = 0; i < n; i++) keys[i] = key32(bits[i]);
    return sortByKeys([keys]);
  }
  const raw = new Uint32Array(data.buffer, data.byteOffset, n * 2);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const x = data[i];
    const h = raw[2 * i + 1];
    const l = raw[2 * i];
    if (x === 0) {
      hi[i] = 0x80000000;
      lo[i] = 0;
    } else if (x !== x) {
      hi[i] = 0xffffffff;
      lo[i] = 0xffffffff;
    } else if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  return sortByKeys([hi, lo]);
}
