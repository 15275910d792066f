import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BUILTIN_METHODS,
  HYPER_BUILTINS,
  arity,
  formatSignature,
  hyperDefault,
  resolveReturnSpace,
  validateMethodSignature,
  type MethodSignature,
} from '../../src/registry/methods/index.js';
import { createRegistry } from '../../src/registry/registry.js';

const registry = createRegistry();
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Every `merge "method" ... key=value` line of the legacy recipes under test/fixtures. */
function legacyMerges(): { file: string; method: string; hypers: string[] }[] {
  const files: string[] = [];
  for (const set of ['sd1-tiny', 'sdxl-tiny']) {
    const dir = `${fixtures}golden/${set}/cases/`;
    for (const c of readdirSync(dir)) files.push(`${dir}${c}/recipe.mecha`);
  }
  for (const f of readdirSync(`${fixtures}recipes/`)) files.push(`${fixtures}recipes/${f}`);
  const merges = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^merge "([^"]+)"(.*)$/.exec(line.trim());
      if (m) merges.push({ file, method: m[1]!, hypers: [...m[2]!.matchAll(/(\w+)=/g)].map((h) => h[1]!) });
    }
  }
  return merges;
}

describe('the method table', () => {
  test('every method of the golden cases and reference recipes is known, with the keywords used', () => {
    const merges = legacyMerges();
    expect(merges.length).toBeGreaterThan(40);
    for (const { file, method, hypers } of merges) {
      const sig = registry.method(method);
      expect(sig, `${method} in ${file}`).toBeDefined();
      const renamed = sig!.legacyRenames && hypers.includes(sig!.legacyRenames.marker);
      for (const h of hypers) {
        const name = renamed ? (sig!.legacyRenames!.renames[h] ?? h) : h;
        expect(
          sig!.hypers.map((p) => p.name),
          `${method} ${h} in ${file}`,
        ).toContain(name);
      }
    }
  });

  test('every case of cases.json has a recipe whose methods are all known', () => {
    for (const set of ['sd1-tiny', 'sdxl-tiny']) {
      const cases = JSON.parse(readFileSync(`${fixtures}golden/${set}/cases.json`, 'utf8')) as {
        cases: Record<string, string>;
      };
      for (const name of Object.keys(cases.cases)) {
        const recipe = readFileSync(`${fixtures}golden/${set}/cases/${name}/recipe.mecha`, 'utf8');
        const methods = [...recipe.matchAll(/^merge "([^"]+)"/gm)].map((m) => m[1]!);
        expect(methods.length, name).toBeGreaterThan(0);
        for (const m of methods) expect(registry.method(m), `${set}/${name}: ${m}`).toBeDefined();
      }
    }
    // The legacy spellings the golden recipes use.
    for (const name of [
      'model_stock_for_tensor',
      'ties_sum_extended',
      'perpendicular_component',
      'distribution_crossover',
    ]) {
      expect(registry.method(name), name).toBeDefined();
    }
  });

  test.each([
    'dropout',
    'ties_sum_with_dropout',
    'della',
    'model_stock',
    'geometric_median',
    'truncate_rank',
    'breadcrumbs',
    'task_arithmetic',
    'subtract',
    'n_average',
    'literal',
    'convert_singleton',
    'fallback',
  ])('%s is in the table', (name) => {
    expect(registry.method(name)?.name).toBe(name);
  });

  test('names and aliases are unique', () => {
    const all = BUILTIN_METHODS.flatMap((m) => [m.name, ...m.aliases]);
    expect(new Set(all).size).toBe(all.length);
    expect(registry.method('model_stock_for_tensor')!.name).toBe('model_stock');
  });

  test('every signature is sound: defaults of the right type and within range, docs present', () => {
    for (const m of BUILTIN_METHODS) expect(validateMethodSignature(m), m.name).toEqual([]);
    for (const m of BUILTIN_METHODS) {
      expect(m.doc.length, m.name).toBeGreaterThan(80);
      for (const h of m.hypers) {
        if (typeof h.default !== 'number' || !h.range) continue;
        const [lo, hi] = h.range;
        expect(lo === null || h.default >= lo, `${m.name}.${h.name}`).toBe(true);
        expect(hi === null || h.default <= hi, `${m.name}.${h.name}`).toBe(true);
      }
    }
    expect(registry.problems).toEqual([]);
  });

  test('exact sd-mecha hyperparameters and defaults', () => {
    const hyper = (m: string, h: string) => registry.method(m)!.hypers.find((p) => p.name === h)!;
    expect(hyper('ties_sum_extended', 'k').default).toBe(0.2);
    expect(hyperDefault(hyper('ties_sum', 'k'), true)).toEqual({ value: 0.2 });
    expect(hyperDefault(hyper('ties_sum', 'k'), false)).toEqual({ value: 1.0 });
    expect(hyperDefault(hyper('add_cosine_a', 'alpha'), true)).toBe('required');
    expect(hyperDefault(hyper('add_cosine_a', 'alpha'), false)).toEqual({ value: 1.0 });
    expect(hyper('ties_sum_extended', 'ftol').default).toBe(1e-20);
    expect(hyper('ties_sum_extended', 'maxiter')).toMatchObject({ type: 'int', default: 100 });
    expect(hyper('dropout', 'seed')).toMatchObject({ type: 'int', default: -1 });
    expect(hyper('rotate', 'alignment').default).toBe(1.0);
    expect(hyper('tensor_sum', 'width').default).toBe(0.5);
    expect(hyper('clamp', 'stiffness').default).toBe(0.0);
    expect(hyper('ties_sum', 'k').range).toEqual([0, 1]);
    expect(registry.method('ties_sum_with_dropout')!.hypers.map((h) => h.name)).toEqual(
      expect.arrayContaining([
        'probability',
        'rescale',
        'no_rescale',
        'della_eps',
        'k',
        'vote_sgn',
        'apply_stock',
        'cos_eps',
        'apply_median',
        'eps',
        'maxiter',
        'ftol',
        'seed',
      ]),
    );
    expect(registry.method('dropout')!.hypers.map((h) => h.name)).toEqual([
      'probability',
      'rescale',
      'overlap',
      'overlap_emphasis',
      'seed',
    ]);
  });

  test('arity', () => {
    expect(arity(registry.method('weighted_sum')!)).toEqual({ min: 2, max: 2 });
    expect(arity(registry.method('n_average')!)).toEqual({ min: 1, max: Number.POSITIVE_INFINITY });
    expect(arity(registry.method('clamp')!)).toEqual({ min: 2, max: Number.POSITIVE_INFINITY });
    expect(arity(registry.method('dropout')!)).toEqual({ min: 1, max: Number.POSITIVE_INFINITY });
  });

  test('hyper builtins are described', () => {
    expect(HYPER_BUILTINS.map((h) => h.name)).toEqual(['blocks', 'classes', 'default', 'mbw']);
    expect(registry.hyperBuiltin('mbw')!.doc).toMatch(/26 values/);
  });
});

describe('merge spaces', () => {
  const sig = (name: string): MethodSignature => registry.method(name)!;

  test('the space variable binds to the first argument and must agree', () => {
    expect(resolveReturnSpace(sig('weighted_sum'), ['weight', 'weight'])).toEqual({ ok: true, space: 'weight' });
    expect(resolveReturnSpace(sig('weighted_sum'), ['delta', 'delta'])).toEqual({ ok: true, space: 'delta' });
    expect(resolveReturnSpace(sig('weighted_sum'), ['weight', 'delta'])).toMatchObject({
      ok: false,
      index: 1,
      param: 'b',
      got: 'delta',
    });
    expect(resolveReturnSpace(sig('n_average'), ['delta', 'delta', 'weight'])).toMatchObject({ ok: false, index: 2 });
  });

  test('fixed spaces', () => {
    expect(resolveReturnSpace(sig('subtract'), ['weight', 'weight'])).toEqual({ ok: true, space: 'delta' });
    expect(resolveReturnSpace(sig('add_difference'), ['weight', 'delta'])).toEqual({ ok: true, space: 'weight' });
    expect(resolveReturnSpace(sig('add_difference'), ['weight', 'weight'])).toMatchObject({
      ok: false,
      param: 'b',
      expected: ['delta'],
    });
    expect(resolveReturnSpace(sig('ties_sum'), ['delta', 'delta', 'delta'])).toEqual({ ok: true, space: 'delta' });
  });

  test('param space is only for methods that allow it', () => {
    expect(resolveReturnSpace(sig('weighted_sum'), ['param', 'param'])).toMatchObject({
      ok: false,
      expected: ['weight', 'delta'],
    });
    expect(resolveReturnSpace(sig('fallback'), ['param', 'param'])).toEqual({ ok: true, space: 'param' });
    expect(resolveReturnSpace(sig('literal'), ['param'], { merge_space: 'param' })).toEqual({
      ok: true,
      space: 'param',
    });
    expect(resolveReturnSpace(sig('literal'), ['param'], {})).toEqual({ ok: true, space: undefined });
  });

  test('signatures read like the language reference', () => {
    expect(formatSignature(sig('weighted_sum'))).toBe('weighted_sum(a: A s, b: A s, alpha: hyper = 0.5) -> A s');
    expect(formatSignature(sig('subtract'))).toBe('subtract(a: A weight, b: A weight) -> A delta');
    expect(formatSignature(sig('add_difference'))).toBe(
      'add_difference(a: A s, b: A delta, alpha: hyper = 1.0) -> A s',
    );
  });
});

describe('user methods', () => {
  const base: MethodSignature = {
    name: 'my_mix',
    aliases: [],
    family: 'user',
    models: [
      { name: 'a', space: 's' },
      { name: 'b', space: 's' },
    ],
    returns: 's',
    hypers: [{ name: 'ratio', type: 'number', default: 0.5, range: [0, 1], perKey: true }],
    doc: 'A user method.',
  };

  test('a sound user method joins the registry and can replace a built-in', () => {
    const reg = createRegistry({ methods: [base, { ...base, name: 'weighted_sum', doc: 'Replaced.' }] });
    expect(reg.method('my_mix')).toBe(base);
    expect(reg.method('weighted_sum')!.doc).toBe('Replaced.');
    expect(reg.problems).toEqual([]);
  });

  test('an unsound one is left out and reported', () => {
    const bad: MethodSignature = {
      ...base,
      name: 'bad',
      models: [
        { name: 'xs', space: 'delta', variadic: { min: 1 } },
        { name: 'y', space: 'delta' },
      ],
      returns: 's',
      hypers: [
        { name: 'ratio', type: 'number', default: 2, range: [0, 1] },
        { name: 'flag', type: 'bool', default: 1 },
      ],
    };
    const reg = createRegistry({ methods: [bad] });
    expect(reg.method('bad')).toBeUndefined();
    expect(reg.problems.join('\n')).toMatch(/variadic 'xs' must be the last/);
    expect(reg.problems.join('\n')).toMatch(/outside \[0, 1\]/);
    expect(reg.problems.join('\n')).toMatch(/'flag' is not a valid bool/);
    expect(reg.problems.join('\n')).toMatch(/returns 's'/);
  });
});
