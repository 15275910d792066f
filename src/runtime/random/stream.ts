/**
 * Deterministic randomness for the seeded merge methods.
 *
 * The guarantee: the word drawn for element `i` is a pure function of (seed, domain, tensor key name, stream index,
 * i). Nothing else enters it: not the thread or worker that computes the key, not the order in which keys are
 * computed, not how a tensor is cut into chunks, not how many values were drawn before, not the platform. So the
 * same recipe and inputs give the same bytes on every run and at every thread count, and one key's mask can be
 * recomputed alone.
 *
 * How: the key name, domain and seed hash to a 64-bit Philox4x32-10 key (seed.ts); element i is word i % 4 of
 * the block whose counter is (i / 4 as a 64-bit integer, stream index, 0). Kernels use one domain per purpose
 * (e.g. "dropout") and one stream per input model, so masks of different models are independent.
 *
 * These choices are part of the output: changing the key derivation, the counter layout or the conversions below
 * changes every seeded merge. test/random checks the block function against Philox's published known answers.
 */

import { philoxFill } from './philox.js';
import { philoxFillWasm } from './philox-wasm.js';
import { streamKey } from './seed.js';

const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_32 = 4294967296;
/** Runs shorter than this many blocks stay in JavaScript: a WebAssembly call and copy cost more than they save. */
const WASM_MIN_BLOCKS = 16;

/** A uniform float in [0, 1) from a word: its top 24 bits, so every value is an exact fp32 multiple of 2^-24. */
export function uniformFromWord(word: number): number {
  return (word >>> 8) * TWO_POW_M24;
}

/**
 * The Bernoulli threshold for keep probability q: a word w means "keep" when w < keepThreshold(q), which happens
 * with probability ceil(q * 2^32) / 2^32 (exactly 0 for q <= 0 and 1 for q >= 1).
 */
export function keepThreshold(q: number): number {
  return q <= 0 ? 0 : q >= 1 ? TWO_POW_32 : q * TWO_POW_32;
}

export class RandomStream {
  private readonly scratch = new Uint32Array(4);

  constructor(
    readonly k0: number,
    readonly k1: number,
    readonly stream: number,
  ) {
    if (!Number.isInteger(stream) || stream < 0 || stream >= TWO_POW_32) {
      throw new RangeError(`stream index must be an integer in [0, 2^32), got ${stream}`);
    }
  }

  /** The stream for one (seed, domain, tensor key) and stream index (a model's position, for instance). */
  static of(seed: number, domain: string, name: string, stream = 0): RandomStream {
    const [k0, k1] = streamKey(seed, domain, name);
    return new RandomStream(k0, k1, stream);
  }

  /** dst[j] = word(first + j) for j < count. */
  fillUint32(dst: Uint32Array, first: number, count: number = dst.length): void {
    if (!Number.isSafeInteger(first) || first < 0 || !Number.isSafeInteger(first + count) || count > dst.length) {
      throw new RangeError(`cannot draw ${count} words from index ${first} into ${dst.length} slots`);
    }
    let j = 0;
    let index = first;
    const head = index % 4;
    if (head !== 0 && count > 0) {
      this.block(index - head);
      const take = Math.min(4 - head, count);
      for (let w = 0; w < take; w++) dst[w] = this.scratch[head + w]!;
      j += take;
      index += take;
    }
    const blocks = Math.floor((count - j) / 4);
    if (blocks > 0) {
      if (blocks >= WASM_MIN_BLOCKS) philoxFillWasm(dst, j, blocks, index / 4, this.stream, 0, this.k0, this.k1);
      else philoxFill(dst, j, blocks, (index / 4) % TWO_POW_32, Math.floor(index / 4 / TWO_POW_32), this.stream, 0, this.k0, this.k1);
      j += blocks * 4;
      index += blocks * 4;
    }
    if (j < count) {
      this.block(index);
      for (let w = 0; j < count; w++) dst[j++] = this.scratch[w]!;
    }
  }

  /** The word for one element. Costs a whole block: use fillUint32 for runs. */
  uint32At(index: number): number {
    const head = index % 4;
    this.block(index - head);
    return this.scratch[head]!;
  }

  /** dst[j] = uniformFromWord(word(first + j)): uniform floats in [0, 1) with fp32 granularity. */
  fillUniform(dst: Float32Array | Float64Array, first: number, words = new Uint32Array(dst.length)): void {
    this.fillUint32(words, first, dst.length);
    for (let j = 0; j < dst.length; j++) dst[j] = (words[j]! >>> 8) * TWO_POW_M24;
  }

  /** dst[j] = 1 with probability `keep`, else 0, for element first + j. */
  fillBernoulli(dst: Uint8Array, keep: number, first: number, words = new Uint32Array(dst.length)): void {
    this.fillUint32(words, first, dst.length);
    const threshold = keepThreshold(keep);
    for (let j = 0; j < dst.length; j++) dst[j] = words[j]! < threshold ? 1 : 0;
  }

  /** The block holding element `index` (a multiple of 4) into the scratch words. */
  private block(index: number): void {
    const b = index / 4;
    philoxFill(this.scratch, 0, 1, b % TWO_POW_32, Math.floor(b / TWO_POW_32), this.stream, 0, this.k0, this.k1);
  }
}
