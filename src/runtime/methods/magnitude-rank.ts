import type { WorkArray } from './kernel.js';

/**
 * The ordinal rank of every element's magnitude: ranks[i] = how many elements j have |x[j]| < |x[i]|, or an equal
 * magnitude and j < i (scipy's rankdata(method="ordinal") minus one). So ranks are a permutation of 0 .. n - 1 and
 * a band of ranks selects exactly that many elements even when magnitudes tie. NaN ranks above +Infinity.
 *
 * A stable LSD radix sort of the indices on the magnitude's bit pattern (sign bit cleared, which orders
 * non-negative floats like integers), 16 bits a pass, then the inverse permutation: linear time, no comparisons.
 */
export function magnitudeRanks(data: WorkArray): Uint32Array {
  if (data.length >= 2 ** 32) throw new RangeError(`cannot rank ${data.length} elements`);
  const order = data instanceof Float32Array ? sortedFloat32(data) : sortedFloat64(data);
  const ranks = order.spare;
  for (let j = 0; j < order.sorted.length; j++) ranks[order.sorted[j]!] = j;
  return ranks;
}

interface Order {
  /** Indices in ascending order of magnitude. */
  readonly sorted: Uint32Array;
  /** A free buffer of the same length. */
  readonly spare: Uint32Array;
}

function exclusivePrefixSums(counts: Uint32Array): void {
  let sum = 0;
  for (let d = 0; d < counts.length; d++) {
    const c = counts[d]!;
    counts[d] = sum;
    sum += c;
  }
}

/**
 * Two passes on a 31-bit key. The first reads the data in order and carries each element's high digit along with
 * its index, so the second reads sequentially too (about half the time of looking keys up by index).
 */
function sortedFloat32(data: Float32Array): Order {
  const n = data.length;
  const bits = new Uint32Array(data.buffer, data.byteOffset, n);
  const low = new Uint32Array(65536);
  const high = new Uint32Array(32768);
  for (let i = 0; i < n; i++) {
    const k = bits[i]! & 0x7fffffff;
    low[k & 0xffff]!++;
    high[k >>> 16]!++;
  }
  exclusivePrefixSums(low);
  exclusivePrefixSums(high);
  const carried = new Uint16Array(n);
  const byLow = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = bits[i]! & 0x7fffffff;
    const at = low[k & 0xffff]!++;
    carried[at] = k >>> 16;
    byLow[at] = i;
  }
  const sorted = new Uint32Array(n);
  for (let j = 0; j < n; j++) sorted[high[carried[j]!]!++] = byLow[j]!;
  return { sorted, spare: byLow };
}

/** Four passes on a 63-bit key (high word without its sign bit, then the low word), keys looked up by index. */
function sortedFloat64(data: Float64Array): Order {
  const n = data.length;
  const words = new Uint32Array(data.buffer, data.byteOffset, n * 2);
  let src = new Uint32Array(n);
  let dst = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  const counts = new Uint32Array(65536);
  // (word within the element, shift, mask) per 16-bit digit, least significant first; the low word comes first
  // in memory (little-endian, as every platform Node runs on).
  const digits: [number, number, number][] = [
    [0, 0, 0xffff],
    [0, 16, 0xffff],
    [1, 0, 0xffff],
    [1, 16, 0x7fff],
  ];
  for (const [at, shift, mask] of digits) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(words[2 * i + at]! >>> shift) & mask]!++;
    // A digit shared by every element leaves the order as it is.
    if (n === 0 || counts[(words[at]! >>> shift) & mask] === n) continue;
    exclusivePrefixSums(counts);
    for (let j = 0; j < n; j++) {
      const i = src[j]!;
      dst[counts[(words[2 * i + at]! >>> shift) & mask]!++] = i;
    }
    [src, dst] = [dst, src];
  }
  return { sorted: src, spare: dst };
}
