import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { boundedDistance, editDistance, suggest, suggestAll } from '../../src/text/suggest.js';

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

// An independent statement of suggest()'s answer: every plausible candidate scored with the plain distance, sorted.
function reference(name: string, candidates: readonly string[]): string | undefined {
  if (name.length > 64) return undefined;
  const wanted = name.toLowerCase();
  const budget = Math.max(1, Math.floor(wanted.length / 3));
  const scored = candidates
    .map((c, index) => ({ c, index, d: editDistance(wanted, c.toLowerCase()), p: c.toLowerCase().startsWith(wanted) ? 0 : 1 }))
    .filter((s) => s.c !== name && s.d <= budget)
    .sort((a, b) => a.d - b.d || a.p - b.p || a.index - b.index);
  return scored[0]?.c;
}

// Near names, swaps, capitals and a letter whose lower case is two characters long (U+0130) all turn up.
const char = fc.constantFrom('a', 'b', 'c', 'A', 'B', '_', '1', '2', 'v', '\u0130', 'é');
const word = fc.array(char, { maxLength: 9 }).map((cs) => cs.join(''));

describe('suggest against its definition', () => {
  test('random names and candidate lists', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 14 }), fc.boolean(), (name, others, withName) => {
        const candidates = withName ? [...others, name, ...others.slice(0, 2)] : others;
        expect(suggest(name, candidates)).toBe(reference(name, candidates));
      }),
      { numRuns: 5000 },
    );
  });

  test('the names of a long recipe', () => {
    const names = ['mix', ...Array.from({ length: 100 }, (_, i) => `m${i}`), ...Array.from({ length: 1000 }, (_, i) => `v${i}`)];
    for (const name of ['v1539', 'v12', 'V12', 'mx', 'm100', 'vv', 'x', '', 'mix', 'a'.repeat(70)]) {
      expect(suggest(name, names)).toBe(reference(name, names));
    }
  });

  test('the banded distance is exact within its limit, and over it otherwise', () => {
    fc.assert(
      fc.property(word, word, fc.nat({ max: 4 }), (a, b, limit) => {
        const exact = editDistance(a, b);
        const bounded = boundedDistance(a, b, limit);
        if (exact <= limit) expect(bounded).toBe(exact);
        else expect(bounded).toBeGreaterThan(limit);
      }),
      { numRuns: 5000 },
    );
  });
});
