import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { resolveSeed, streamKey } from '../../src/runtime/random/seed.js';

describe('resolveSeed', () => {
  test('an unset or negative seed is the fixed default, so unseeded runs still repeat', () => {
    expect(resolveSeed(undefined)).toBe(0);
    expect(resolveSeed(null)).toBe(0);
    expect(resolveSeed(-1)).toBe(0);
    expect(resolveSeed(-12345)).toBe(0);
  });

  test('fractions round half to even, like Python', () => {
    expect(resolveSeed(2.5)).toBe(2);
    expect(resolveSeed(3.5)).toBe(4);
    expect(resolveSeed(7.2)).toBe(7);
    expect(resolveSeed(42)).toBe(42);
  });

  test('refuses what is not a finite number', () => {
    expect(() => resolveSeed('7')).toThrow(TypeError);
    expect(() => resolveSeed(true)).toThrow(TypeError);
    expect(() => resolveSeed(Infinity)).toThrow(TypeError);
    expect(() => resolveSeed(2 ** 60)).toThrow(RangeError);
  });
});

describe('streamKey', () => {
  test('is a pure function of its inputs', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), fc.string(), (seed, domain, name) => {
        expect(streamKey(seed, domain, name)).toEqual(streamKey(seed, domain, name));
      }),
    );
  });

  test('separates seeds, domains and key names, including near misses', () => {
    const name = 'model.diffusion_model.input_blocks.1.1.proj_in.weight';
    const keys = [
      streamKey(0, 'dropout', name),
      streamKey(1, 'dropout', name),
      streamKey(2 ** 32, 'dropout', name), // differs only in the seed's high word
      streamKey(2 ** 32 + 1, 'dropout', name),
      streamKey(0, 'della', name),
      streamKey(0, 'dropout', name + '\u0000'), // a trailing zero byte, absorbed by the length block
      streamKey(0, 'dropout', name.replace('1.1', '1.2')),
      streamKey(0, 'dropout\u0000model', '.diffusion_model.input_blocks.1.1.proj_in.weight'),
      streamKey(0, 'dropout', ''),
      streamKey(0, '', ''),
      streamKey(0, 'dropout', 'é'),
      streamKey(0, 'dropout', 'e\u0301'),
    ];
    const distinct = new Set(keys.map(([a, b]) => `${a}:${b}`));
    expect(distinct.size).toBe(keys.length);
    for (const [a, b] of keys) {
      expect(Number.isInteger(a) && a >= 0 && a < 2 ** 32).toBe(true);
      expect(Number.isInteger(b) && b >= 0 && b < 2 ** 32).toBe(true);
    }
  });

  test('has no collisions over the key names of a whole checkpoint and many seeds', () => {
    const seen = new Set<string>();
    let count = 0;
    for (let seed = 0; seed < 8; seed++) {
      for (let block = 0; block < 12; block++) {
        for (let layer = 0; layer < 40; layer++) {
          const [a, b] = streamKey(seed, 'dropout', `model.diffusion_model.input_blocks.${block}.${layer}.weight`);
          seen.add(`${a}:${b}`);
          count++;
        }
      }
    }
    expect(seen.size).toBe(count);
  });
});
