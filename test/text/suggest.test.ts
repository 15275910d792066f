import { describe, expect, test } from 'vitest';
import { editDistance, suggest, suggestAll } from '../../src/text/suggest.js';

describe('editDistance', () => {
  test('counts a swap of adjacent characters as one edit', () => {
    expect(editDistance('weighted_sum', 'weigthed_sum')).toBe(1);
    expect(editDistance('abcd', 'abdc')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  test('gives up past the limit', () => {
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

describe('suggest', () => {
  test('finds typos: a swap, a missing letter, a wrong case', () => {
    expect(suggest('weigted_sum', ['weighted_sum', 'n_average'])).toBe('weighted_sum');
    expect(suggest('ghots', ['ghost', 'dream'])).toBe('ghost');
    expect(suggest('dram', ['ghost', 'dream'])).toBe('dream');
    expect(suggest('Base', ['base', 'bass'])).toBe('base');
  });

  test('prefers a name the input begins on ties, and never suggests the name itself', () => {
    expect(suggest('sdx', ['sd1', 'sdxl'])).toBe('sdxl');
    expect(suggest('mid', ['mid', 'mix'])).toBe('mix');
    expect(suggestAll('in12', ['in1', 'in11', 'in2', 'mid'])).toEqual(['in1', 'in11', 'in2']);
  });

  test('suggests nothing when no name is near, or the word is far too long', () => {
    expect(suggest('totally_else', ['sd1', 'sdxl'])).toBeUndefined();
    expect(suggest('strength', ['a', 'b', 'mix'])).toBeUndefined();
    expect(suggest('x', [])).toBeUndefined();
    expect(suggest('a'.repeat(100), ['a'.repeat(99)])).toBeUndefined();
  });
});
