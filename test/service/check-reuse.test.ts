import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { parse } from '../../src/parser/parse.js';
import { createLanguageService } from '../../src/service/service.js';
import { check } from '../../src/typecheck/check.js';
import { REGISTRY, URI } from './cursor.js';
import { fixtureRecipes } from './recipes.js';

// What the service keeps from one version of a document to the next (the parse, "did you mean" answers) must not
// change its diagnostics: after every edit they are those of a fresh parse and check of the whole text.
const chainV1 = [
  'version 1',
  ...Array.from({ length: 6 }, (_, i) => `model m${i} = "m${i}" : sd1`),
  'let mix = blocks(sd1.unet, in*=0.3) | default(sd1, 0.5)',
  ...Array.from({ length: 30 }, (_, i) =>
    i % 2 === 0
      ? `let v${i} = weighted_sum(${i === 0 ? 'm0' : `v${i - 1}`}, m${(i % 5) + 1}, alpha=mix)`
      : `let v${i} = add_difference(v${i - 1}, subtract(m${(i % 5) + 1}, m0), alpha=0.5)`,
  ),
].join('\n');
const chainLegacy = [
  ...Array.from({ length: 4 }, (_, i) => `model "m${i}" "sd1" "base"`),
  ...Array.from({ length: 30 }, (_, i) =>
    i % 2 === 0 ? `merge "weighted_sum" &${i + 3} &${(i % 3) + 1} alpha=0.5` : `merge "subtract" &${i + 3} &0`,
  ),
].join('\n');

const recipes = [
  ...fixtureRecipes().filter((r) => r.text.length < 20000),
  // Long chains, where one name or `&N` typed wrong reaches many lines.
  { name: 'chain v1', text: chainV1 },
  { name: 'chain legacy', text: chainLegacy },
];

const SNIPPETS = [
  ...['v1', 'x', 'm0', '5', 'sd1', 'weighted_sum', 'add_difference', '&1'],
  ...['(', ')', ',', ' ', '\n', '=', '"', 'let y = '],
];

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 8 }),
  insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 2 })),
});

function fresh(text: string): string {
  const parsed = parse(text);
  const checked = check(parsed.document, REGISTRY, undefined, { text });
  return JSON.stringify([...parsed.diagnostics, ...checked.diagnostics].sort(compareDiagnostics));
}

describe('diagnostics while editing', () => {
  test('equal a fresh check of the text after every edit', () => {
    fc.assert(
      fc.property(fc.constantFrom(...recipes), fc.array(edit, { minLength: 1, maxLength: 8 }), (recipe, edits) => {
        const service = createLanguageService({ registry: REGISTRY });
        let text = recipe.text;
        service.setDocument(URI, text, 0);
        service.diagnostics(URI);
        edits.forEach((e, i) => {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
          service.setDocument(URI, text, i + 1);
          expect(JSON.stringify(service.diagnostics(URI))).toBe(fresh(text));
        });
      }),
      { numRuns: Number(process.env['RUNS'] ?? 400) },
    );
  });
});
