import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { buildGraph } from '../../src/graph/build.js';
import { canonicalGraph } from '../../src/graph/canonical.js';
import { parse } from '../../src/parser/parse.js';

/**
 * Random v1 recipes, written with random spacing, line breaks inside calls, comments everywhere a comment can go
 * and blank lines: formatting must keep the graph and every comment, and be idempotent.
 */
const NAMES = ['a', 'bb', 'base', 'ghostmix_v20Bakedvae_long_model_name', 'x1', 'dreamshaper_332BakedVaeClipFix'];
const METHODS = ['weighted_sum', 'add_difference', 'subtract', 'ties_sum_with_a_rather_long_method_name', 'f'];

const gap = fc.constantFrom(' ', '', '  ');
const comment = fc.constantFrom('# note', '#tight', '#  spaced   ', '# a (paren) and, comma');
/** What may separate two arguments after their comma. */
const argumentGap = fc.oneof(
  gap,
  fc.constantFrom('\n    ', '\n'),
  comment.map((c) => `  ${c}\n    `),
  comment.map((c) => `\n    ${c}\n    `),
);

const number = fc.constantFrom('0.5', '1', '-1', '1e-6', '0.50', '.5');

function hyper(depth: number): fc.Arbitrary<string> {
  const map = fc.oneof(
    number.map((v) => `default(sd1, ${v})`),
    fc.tuple(fc.constantFrom('in0', 'mid', 'out*', 'in11'), number).map(([b, v]) => `blocks(sd1.unet, ${b}=${v})`),
    fc.tuple(fc.constantFrom('mlp_fc1', 'attn1_to_q'), number).map(([c, v]) => `classes(sd1.txt, ${c}=${v})`),
  );
  if (depth === 0) return fc.oneof(number, map);
  return fc.oneof(number, map, fc.array(map, { minLength: 2, maxLength: 4 }).map((parts) => parts.join(' | ')));
}

function call(defined: readonly string[], depth: number): fc.Arbitrary<string> {
  const model = depth > 0 ? fc.oneof(fc.constantFrom(...defined), call(defined, depth - 1)) : fc.constantFrom(...defined);
  return fc
    .tuple(
      fc.constantFrom(...METHODS),
      fc.array(model, { minLength: 1, maxLength: 4 }),
      fc.array(fc.tuple(fc.constantFrom('alpha', 'beta', 'k'), hyper(1)), { maxLength: 3 }),
      fc.array(argumentGap, { minLength: 8, maxLength: 8 }),
    )
    .map(([method, models, keywords, gaps]) => {
      const args = [...models, ...keywords.map(([k, v]) => `${k}=${v}`)];
      return `${method}(${args.map((arg, i) => (i === 0 ? arg : `,${gaps[i % gaps.length]}${arg}`)).join('')})`;
    });
}

const recipe = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
    fc.array(fc.tuple(gap, fc.option(comment), fc.constantFrom('', '\n', '\n\n\n'), fc.option(comment)), {
      minLength: 10,
      maxLength: 10,
    }),
  )
  .chain(([models, lets, decorations]) => {
    const modelNames = NAMES.slice(0, models);
    const letNames = Array.from({ length: lets }, (_, i) => `v${i}`);
    const statements = letNames.map((name, i) =>
      call([...modelNames, ...letNames.slice(0, i)], 1).map((value) => `let ${name} = ${value}`),
    );
    return fc.tuple(fc.constant(modelNames), fc.tuple(...statements), fc.constant(decorations));
  })
  .map(([models, lets, decorations]) => {
    const lines = [
      ...models.map((name, i) => `model ${name}${' '.repeat(i)}= "${name}.safetensors" : sd1`),
      ...lets,
    ].map((line, i) => {
      const [space, trailing, blank, own] = decorations[i % decorations.length]!;
      return `${blank}${own ? own + '\n' : ''}${line}${space}${trailing ? ' ' + trailing : ''}`;
    });
    return `version 1\n${lines.join('\n')}\n`;
  });

function commentsOf(text: string): string[] {
  return parse(text)
    .document.comments.map((c) => c.text.trimEnd())
    .sort();
}

describe('formatting random recipes', () => {
  test('keeps the graph and the comments, and is idempotent', () => {
    fc.assert(
      fc.property(recipe, (text) => {
        const parsed = parse(text);
        expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const once = formatText(text).text;
        expect(parse(once).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(formatText(once).text).toBe(once);
        expect(canonicalGraph(buildGraph(parse(once).document).graph)).toBe(
          canonicalGraph(buildGraph(parsed.document).graph),
        );
        expect(commentsOf(once)).toEqual(commentsOf(text));
        for (const line of once.split('\n')) {
          // Comments and model declarations (a path cannot be broken) may run past the margin, and so may the
          // closing parentheses of calls that end together.
          const code = line.replace(/[),]+$/, '');
          if (!line.includes('#') && !line.startsWith('model')) expect(code.length).toBeLessThanOrEqual(100);
          expect(line).toBe(line.trimEnd());
        }
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });
});
