/**
 * The k-th smallest |x| of an fp32 tensor that is only ever seen a window at a time (kthSmallestAbs's result,
 * torch.kthvalue's order, NaN last), in two passes over the windows that keep nothing but histograms.
 *
 * A magnitude's fp32 bits with the sign cleared order it as an unsigned integer. The first pass counts the top 15
 * of those 31 bits; the bucket holding the k-th key is then known. The second pass counts the low 16 bits of the
 * members of that bucket only, which pins the key exactly, ties included. Memory: 384 KiB whatever the tensor size.
 */

import { checkRank } from './select.js';

const HIGH_BITS = 15;
const LOW_BITS = 16;
const LOW_MASK = (1 << LOW_BITS) - 1;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export class StreamedAbsSelect {
  private readonly high = new Uint32Array(1 << HIGH_BITS);
  private readonly low = new Uint32Array(1 << LOW_BITS);
  private seen = 0;
  private bucket = -1;
  /** The rank of the wanted key among the members of `bucket`. */
  private rankInBucket = 0;

  /** `rank` is 1-based among the `total` elements the windows will cover. */
  constructor(
    private readonly total: number,
    private readonly rank: number,
  ) {
    checkRank(total, rank);
  }

  /** First pass: counts the top digit of every magnitude in the window. */
  countHigh(window: Float32Array): void {
    const bits = new Uint32Array(window.buffer, window.byteOffset, window.length);
    const high = this.high;
    for (let i = 0; i < bits.length; i++) high[(bits[i]! & 0x7fffffff) >>> LOW_BITS]!++;
    this.seen += window.length;
  }

  /** Between the passes: finds the bucket holding the k-th key. */
  chooseBucket(): void {
    if (this.seen !== this.total) throw new Error(`streamed select: saw ${this.seen} of ${this.total} elements`);
    let below = 0;
    for (let d = 0; d < this.high.length; d++) {
      const next = below + this.high[d]!;
      if (next >= this.rank) {
        this.bucket = d;
        this.rankInBucket = this.rank - below;
        return;
      }
      below = next;
    }
    throw new Error('streamed select: histogram does not cover the rank');
  }

  /** Second pass: counts the low digit of the magnitudes in the chosen bucket. */
  countLow(window: Float32Array): void {
    const bits = new Uint32Array(window.buffer, window.byteOffset, window.length);
    const low = this.low;
    const bucket = this.bucket;
    for (let i = 0; i < bits.length; i++) {
      const key = bits[i]! & 0x7fffffff;
      if (key >>> LOW_BITS === bucket) low[key & LOW_MASK]!++;
    }
  }

  /** After the second pass: the k-th smallest magnitude (a NaN when the rank falls among NaNs). */
  result(): number {
    if (this.bucket < 0) throw new Error('streamed select: the first pass was not finished');
    let below = 0;
    for (let d = 0; d < this.low.length; d++) {
      below += this.low[d]!;
      if (below >= this.rankInBucket) {
        u32[0] = ((this.bucket << LOW_BITS) | d) >>> 0;
        return f32[0]!;
      }
    }
    throw new Error('streamed select: the second pass did not see the bucket');
  }
}
