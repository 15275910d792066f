import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { globMatcher, globMatches } from '../../src/text/glob.js';

/** What patterns meant when they were turned into regular expressions: `*` is `.*`, the rest literal. */
function byRegExp(pattern: string, text: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 's').test(text);
}

describe('globMatches', () => {
  test('a star stands for any run of characters, the rest for themselves', () => {
    expect(globMatches('in1*', 'in1')).toBe(true);
    expect(globMatches('in1*', 'in10')).toBe(true);
    expect(globMatches('in1*', 'in2')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches('*1', 'in11')).toBe(true);
    expect(globMatches('i*1*', 'in10')).toBe(true);
    expect(globMatches('in.', 'in1')).toBe(false);
    expect(globMatches('mid', 'mid')).toBe(true);
    expect(globMatches('mid', 'middle')).toBe(false);
    expect(globMatches('', '')).toBe(true);
    expect(globMatches('', 'a')).toBe(false);
  });

  test('agrees with the regular expression it replaces', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '.');
    const text = fc.array(fc.constantFrom('a', 'b', '.'), { maxLength: 12 }).map((cs) => cs.join(''));
    const pattern = fc.array(alphabet, { maxLength: 10 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(globMatches(p, t)).toBe(byRegExp(p, t));
        expect(globMatcher(p)(t)).toBe(byRegExp(p, t));
      }),
      { numRuns: 1000 },
    );
  });

  test('many stars that cannot match finish at once (a regular expression backtracks for minutes)', () => {
    const name = 'a'.repeat(5000);
    expect(globMatches(`${'*'.repeat(200)}z`, name)).toBe(false);
    expect(globMatches(`${'*a'.repeat(2000)}z`, name)).toBe(false);
    expect(globMatches(`${'*'.repeat(20_000)}z`, 'out11')).toBe(false);
    expect(globMatches(`${'*'.repeat(20_000)}1`, 'out11')).toBe(true);
  }, 10_000);
});
