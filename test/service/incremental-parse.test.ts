import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { parseWhole, reparse } from '../../src/service/incremental-parse.js';
import { fixtureRecipes } from './recipes.js';

const recipes = fixtureRecipes().filter((r) => r.text.length < 20000);

/** Fragments people type, and ones that change how statements are cut or which dialect a file is in. */
const SNIPPETS = [
  'let ',
  'model ',
  'merge ',
  'output x',
  '\n',
  '\r\n',
  '(',
  ')',
  ',',
  '"',
  '#',
  ' | ',
  '=',
  '&1',
  '&',
  'x',
  ' ',
  'version 1\n',
  'version 0.1.0\n',
  'weighted_sum(a, b, alpha=0.5)',
  'blocks(sd1.unet, in2=0.5)',
  '\nlet y = x\n',
  '\nmerge "weighted_sum" &0 &1\n',
  '\nmodel "p" "sd1" "base"\n',
  'dict sd1_unet_block_in2=0.5',
  'sd1.',
  ': sd1 delta',
  '\u0000',
  '\uFFFD',
  '\t',
  'param p : sd1\n',
  'literal 1 model_config="singleton-mecha" merge_space="param"\n',
];

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 3 })),
});

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

describe('incremental parse', () => {
  test('reparsing after a sequence of edits gives what parsing the text whole gives', () => {
    let reused = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.constantFrom(...recipes), fc.array(edit, { minLength: 1, maxLength: 6 }), (recipe, edits) => {
        let state = parseWhole(recipe.text);
        let text = recipe.text;
        for (const e of edits) {
          text = apply(text, e);
          const before = state;
          state = reparse(state, text);
          total++;
          if (state !== before && state.parsedStatements < before.result.document.statements.length) reused++;
          const whole = parse(text);
          expect(state.result.document).toEqual(whole.document);
          expect(state.result.diagnostics).toEqual(whole.diagnostics);
          expect(state.classes).toEqual(parseWhole(text).classes);
        }
      }),
      // RUNS=30000 for a longer search.
      { numRuns: Number(process.env['RUNS'] ?? 1500) },
    );
    // Most edits reuse something: the property is about the incremental path, not the fallback.
    expect(reused / total).toBeGreaterThan(0.3);
  });

  test('an edit inside one statement of a long recipe reuses the statements around it', () => {
    const lines = ['version 1', 'model a = "a" : sd1', 'model b = "b" : sd1'];
    for (let i = 0; i < 200; i++) lines.push(`let v${i} = weighted_sum(${i === 0 ? 'a' : `v${i - 1}`}, b, alpha=0.5)`);
    const text = lines.join('\n') + '\n';
    const before = parseWhole(text);
    const edited = text.replace(
      'let v100 = weighted_sum(v99, b, alpha=0.5)',
      'let v100 = weighted_sum(v99, b, alpha=0.25)',
    );
    const after = reparse(before, edited);
    expect(after.result).toEqual(parse(edited));
    // Statements before the edit are the very same objects: nothing was parsed again there.
    expect(after.result.document.statements[10]).toBe(before.result.document.statements[10]);
  });
});
