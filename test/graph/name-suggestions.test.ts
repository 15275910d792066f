import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NameSuggestions } from '../../src/graph/name-suggestions.js';
import { suggest } from '../../src/text/suggest.js';

const char = fc.constantFrom('a', 'b', 'c', 'A', 'B', '_', '1', '2', 'v');
const word = fc.array(char, { maxLength: 9 }).map((cs) => cs.join(''));

describe('NameSuggestions', () => {
  test('remembered answers are the answers, as the names declared change', () => {
    const suggestions = new NameSuggestions();
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.array(word, { maxLength: 6 })), { maxLength: 20 }), (asks) => {
        let declared: string[] = ['abc', 'v1'];
        for (const [name, change] of asks) {
          // Keep the same list some of the time, as while typing; change it otherwise.
          if (change.length > 3) declared = change;
          else if (change.length > 1) declared = [...declared];
          expect(suggestions.suggest(name, declared)).toBe(suggest(name, declared));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
