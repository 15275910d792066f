import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { METHOD_EXAMPLES } from '../../src/registry/methods/examples.js';
import { createRegistry } from '../../src/registry/registry.js';
import { KERNELS } from '../../src/runtime/methods/index.js';
import { checkRecipe, GOLDEN_MODELS, keysOf, readModel, runPlan } from './run-recipe.js';

/**
 * Every method with a kernel has a recipe in test/fixtures/run, its example call on the tiny sd1 models a, b, c.
 * Each is checked with the models' headers, lowered and executed, and the output must hold every key, only
 * finite values, and differ from each input: no method may be an identity or a silent copy of one of its inputs.
 */

const FIXTURES = join(import.meta.dirname, '../fixtures/run');
const registry = createRegistry();
const MODELS = ['a', 'b', 'c'] as const;
const inputs = new Map(MODELS.map((m) => [m, readModel(join(GOLDEN_MODELS, `${m}.safetensors`))]));
const inputKeys = keysOf(join(GOLDEN_MODELS, 'a.safetensors')).sort();

/**
 * With 6-element vectors, an element-wise choice can take a whole key from one input (all six elements on the
 * same side of a threshold); at most this share of the 1-D keys may equal an input. Keys of two dimensions or more
 * must all differ from every input.
 */
const ONE_D_EQUAL_LIMIT = 0.15;

/** add_cosine computes one similarity per column, and a 1-D key is a single column: all of it is a or b or a blend. */
const ONE_D_EQUAL_LIMITS: ReadonlyMap<string, number> = new Map([
  ['add_cosine_a', 0.25],
  ['add_cosine_b', 0.25],
]);

/** The recipe an example is: the header, the models it uses, then its lines. */
function recipeOf(lines: readonly string[]): string {
  const body = lines.join('\n');
  const used = MODELS.filter((m) => new RegExp(`[(,] ?${m}[,)]`).test(body));
  return ['version 1', ...used.map((m) => `model ${m} = "${m}" : sd1`), '', ...lines, ''].join('\n');
}

const withKernel = registry.methods().filter((m) => KERNELS.has(m.name));

describe('run fixtures', () => {
  test('there is exactly one per method with a kernel, and it is the example the reference shows', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.mecha')).sort();
    expect(files).toEqual(withKernel.map((m) => `${m.name}.mecha`).sort());
    for (const m of withKernel) {
      const example = METHOD_EXAMPLES.get(m.name);
      expect(example, m.name).toBeDefined();
      const text = readFileSync(join(FIXTURES, `${m.name}.mecha`), 'utf8');
      expect(text, m.name).toBe(recipeOf(example!));
      // Shown in the reference as written: already in `mechac fmt` layout.
      expect(formatText(text).text, m.name).toBe(text);
      // The example calls its own method.
      expect(example!.join('\n'), m.name).toMatch(new RegExp(`\\b${m.name}\\(`));
    }
  });

  test.each(withKernel.map((m) => m.name))('%s checks, runs, and changes every input', async (name) => {
    const text = readFileSync(join(FIXTURES, `${name}.mecha`), 'utf8');
    const checked = checkRecipe(text);
    const codes = checked.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
    expect(codes).toEqual([]);

    const { plan, tensors, keys } = await runPlan(checked.plan());
    expect([...keys].sort()).toEqual(inputKeys);
    const merged = plan.keys.filter((k) => k.kind === 'compute');
    expect(merged.length).toBeGreaterThan(800);

    const nonFinite = merged.filter((k) => tensors.get(k.name)!.some((x) => !Number.isFinite(x))).map((k) => k.name);
    expect(nonFinite).toEqual([]);

    const used = MODELS.filter((m) => plan.inputs.some((i) => i.name === m));
    expect(used.length).toBeGreaterThanOrEqual(1);
    for (const m of used) {
      const input = inputs.get(m)!;
      const equal = merged.filter((k) => {
        const out = tensors.get(k.name)!;
        const x = input.get(k.name)!;
        return out.every((v, i) => v === x[i]);
      });
      expect(equal.filter((k) => k.shape.length >= 2).map((k) => k.name), `equal to ${m}`).toEqual([]);
      const oneD = merged.filter((k) => k.shape.length < 2).length;
      expect(equal.length, `1-D keys equal to ${m}`).toBeLessThanOrEqual((ONE_D_EQUAL_LIMITS.get(name) ?? ONE_D_EQUAL_LIMIT) * oneD);
    }
  });
});
