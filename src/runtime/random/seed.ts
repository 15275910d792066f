import type { HyperValue } from '../methods/kernel.js';
import { philox4x32 } from './philox.js';
import { pythonRound } from '../methods/hypers.js';

/**
 * The seed a recipe asked for. sd-mecha draws fresh entropy when `seed` is unset or negative; mecha promises the
 * same bytes on every run, so those cases use seed 0 instead. Fractions round half to even, like Python's round().
 */
export function resolveSeed(value: HyperValue | undefined): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`seed must be a finite number, got ${JSON.stringify(value)}`);
  }
  const rounded = pythonRound(value);
  if (rounded < 0) return 0;
  if (rounded > Number.MAX_SAFE_INTEGER) throw new RangeError(`seed ${value} is above 2^53 - 1`);
  return rounded;
}

const TWO_POW_32 = 4294967296;
const TAG = 0x6d656368; // "mech": separates the final length block from message blocks
const encoder = new TextEncoder();

/**
 * The 64-bit Philox key of one stream family: a hash of the seed, a domain (which method and purpose draws) and the
 * tensor's key name. Philox keyed by the running state compresses the message two words at a time, then a final
 * block absorbs the byte length, so names that differ only by trailing zero bytes still differ.
 */
export function streamKey(seed: number, domain: string, name: string): [number, number] {
  const bytes = encoder.encode(`${domain}\u0000${name}`);
  const padded = new Uint8Array(Math.ceil(bytes.length / 8) * 8);
  padded.set(bytes);
  const words = new DataView(padded.buffer);
  let a = seed % TWO_POW_32 >>> 0;
  let b = Math.floor(seed / TWO_POW_32) >>> 0;
  const absorb = (c0: number, c1: number, c2: number, c3: number): void => {
    const o = philox4x32([c0, c1, c2, c3], [a, b]);
    a = (o[0] ^ o[2]) >>> 0;
    b = (o[1] ^ o[3]) >>> 0;
  };
  for (let i = 0; i < padded.length; i += 8) {
    absorb(words.getUint32(i, true), words.getUint32(i + 4, true), i / 8, 0);
  }
  absorb(bytes.length, 0, 0, TAG);
  return [a, b];
}
