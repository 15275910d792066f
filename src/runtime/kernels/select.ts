/**
 * The k-th smallest value of a tensor (torch.kthvalue on the flattened tensor: k is 1-based and NaN sorts after every
 * number), found by radix selection on the float bit patterns instead of a sort. The bits are mapped to unsigned keys
 * whose integer order is the float order; a histogram of the top digit picks the bucket holding the k-th key, and
 * the next digits are resolved among that bucket's few members. fp32 data takes two passes over the array.
 *
 * Also the threshold of a top-k: `kthSmallestAbs(x, n - k + 1)` is the smallest magnitude among the k largest.
 */

import type { WorkArray } from '../methods/kernel.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function checkRank(n: number, k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k-th value: k=${k} out of range for ${n} elements`);
}

/** Index of the first bucket whose running count reaches k, and the count of the buckets before it. */
function findBucket(hist: Uint32Array, k: number): { digit: number; below: number } {
  let below = 0;
  for (let d = 0; d < hist.length; d++) {
    const next = below + hist[d];
    if (next >= k) return { digit: d, below };
    below = next;
  }
  throw new Error('radix select: histogram does not cover k');
}

/** Selection over fp32 magnitudes; `key = bits & 0x7fffffff` already orders them, NaN last. Returns the key. */
function selectAbsKeyF32(bits: Uint32Array, k: number): number {
  const n = bits.length;
  const hist1 = new Uint32Array(1024);
  for (let i = 0; i < n; i++) hist1[(bits[i] & 0x7fffffff) >>> 21]++;
  const first = findBucket(hist1, k);
  let rank = k - first.below;
  const d1 = first.digit;

  // Second pass: keep the members of the chosen bucket (usually a small fraction) and histogram their next digit.
  const members = new Uint32Array(hist1[d1]);
  const hist2 = new Uint32Array(2048);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const key = bits[i] & 0x7fffffff;
    if (key >>> 21 === d1) {
      members[m++] = key;
      hist2[(key >>> 10) & 0x7ff]++;
    }
  }
  const second = findBucket(hist2, rank);
  rank -= second.below;
  const d2 = second.digit;

  const hist3 = new Uint32Array(1024);
  for (let i = 0; i < m; i++) {
    const key = members[i];
    if (((key >>> 10) & 0x7ff) === d2) hist3[key & 0x3ff]++;
  }
  const third = findBucket(hist3, rank);
  return ((d1 << 21) | (d2 << 10) | third.digit) >>> 0;
}

/**
 * Generic selection over precomputed keys: one Uint32Array per 32-bit word, most significant first. Returns the
 * index of an element holding the k-th key.
 */
function selectIndexByKeys(words: readonly Uint32Array[], k: number): number {
  const n = words[0].length;
  let candidates: Uint32Array | null = null;
  let count = n;
  let rank = k;
  const hist = new Uint32Array(2048);
  for (const word of words) {
    for (const [shift, mask] of [
      [21, 0x7ff],
      [10, 0x7ff],
      [0, 0x3ff],
    ] as const) {
      hist.fill(0);
      if (candidates === null) {
        for (let i = 0; i < n; i++) hist[(word[i] >>> shift) & mask]++;
      } else {
        for (let c = 0; c < count; c++) hist[(word[candidates[c]] >>> shift) & mask]++;
      }
      const bucket = findBucket(hist, rank);
      rank -= bucket.below;
      const next: Uint32Array = candidates ?? new Uint32Array(hist[bucket.digit]);
      let kept = 0;
      if (candidates === null) {
        for (let i = 0; i < n; i++) if (((word[i] >>> shift) & mask) === bucket.digit) next[kept++] = i;
      } else {
        // Compaction in place is safe: the write position never passes the read position.
        for (let c = 0; c < count; c++) {
          const i = candidates[c];
          if (((word[i] >>> shift) & mask) === bucket.digit) next[kept++] = i;
        }
      }
      candidates = next;
      count = kept;
    }
  }
  return candidates![0];
}

/** Maps fp32 bits to an order-preserving unsigned key; every NaN maps to the largest key. */
function signedKey32(bits: number): number {
  if ((bits & 0x7fffffff) > 0x7f800000) return 0xffffffff;
  return (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
}

function float64Words(data: Float64Array): Uint32Array {
  return new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
}

/** The k-th smallest |x| (1-based). NaN magnitudes sort last. */
export function kthSmallestAbs(data: WorkArray, k: number): number {
  checkRank(data.length, k);
  if (data instanceof Float32Array) {
    u32[0] = selectAbsKeyF32(new Uint32Array(data.buffer, data.byteOffset, data.length), k);
    return f32[0];
  }
  const n = data.length;
  const raw = float64Words(data);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = raw[2 * i];
    hi[i] = raw[2 * i + 1] & 0x7fffffff;
  }
  return Math.abs(data[selectIndexByKeys([hi, lo], k)]);
}

/** The k-th smallest x (1-based), torch.kthvalue's order: -0 and +0 tie, NaN sorts last. */
export function kthSmallest(data: WorkArray, k: number): number {
  checkRank(data.length, k);
  const n = data.length;
  if (data instanceof Float32Array) {
    const bits = new Uint32Array(data.buffer, data.byteOffset, n);
    const keys = new Uint32Array(n);
    for (let i = 0; i < n; i++) keys[i] = signedKey32(bits[i]);
    return data[selectIndexByKeys([keys], k)];
  }
  const raw = float64Words(data);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = raw[2 * i + 1];
    const l = raw[2 * i];
    if (data[i] !== data[i]) {
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
  return data[selectIndexByKeys([hi, lo], k)];
}
