import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createFileHost } from '../../src/merge/models-dirs.js';
import { formatText } from '../../src/format/format.js';
import { parse } from '../../src/parser/parse.js';
import { createRegistry } from '../../src/registry/index.js';
import { check } from '../../src/typecheck/check.js';
import type { CheckHost } from '../../src/typecheck/host.js';
import { ROOT } from './baseline.js';

const registry = createRegistry();
const RECIPES = join(ROOT, 'test', 'fixtures', 'recipes');
const GOLDEN = join(ROOT, 'test', 'fixtures', 'golden');

function codes(text: string, host?: CheckHost): string[] {
  const parsed = parse(text);
  const result = check(parsed.document, registry, host, { text });
  return [...parsed.diagnostics, ...result.diagnostics].map((d) => `${d.severity} ${d.code} ${d.message}`);
}

const recipes = readdirSync(RECIPES).filter((f) => f.endsWith('.mecha')).sort();
const golden = readdirSync(GOLDEN)
  .filter((set) => set.endsWith('-tiny'))
  .flatMap((set) =>
    readdirSync(join(GOLDEN, set, 'cases')).map((name) => ({ set, name, path: join(GOLDEN, set, 'cases', name, 'recipe.mecha') })),
  )
  .sort((a, b) => a.path.localeCompare(b.path));

describe('the reference recipes check clean', () => {
  test.each(recipes)('%s without files', (name) => {
    expect(codes(readFileSync(join(RECIPES, name), 'utf8'))).toEqual([]);
  });

  test.each(recipes)('%s with files: only "not found" warnings', (name) => {
    const host = createFileHost({ modelsDirs: [], recipeDir: relative(process.cwd(), RECIPES) });
    const found = codes(readFileSync(join(RECIPES, name), 'utf8'), host);
    expect(found.filter((c) => !c.startsWith('warning 5001'))).toEqual([]);
  });
});

describe('the golden recipes check clean', () => {
  test.each(golden.map((g) => [`${g.set}/${g.name}`, g] as const))('%s, with its models', (_, g) => {
    const host = createFileHost({ modelsDirs: [join(GOLDEN, g.set, 'models')] });
    expect(codes(readFileSync(g.path, 'utf8'), host)).toEqual([]);
  });

  test.each(golden.map((g) => [`${g.set}/${g.name}`, g] as const))('%s, converted to version 1', (_, g) => {
    const converted = formatText(readFileSync(g.path, 'utf8'), { to: 'v1', methods: (name) => registry.method(name) });
    expect(converted.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const host = createFileHost({ modelsDirs: [join(GOLDEN, g.set, 'models')] });
    expect(codes(converted.text, host)).toEqual([]);
  });

  test.each(recipes)('reference recipe %s, converted to version 1, checks clean', (name) => {
    const converted = formatText(readFileSync(join(RECIPES, name), 'utf8'), { to: 'v1', methods: (m) => registry.method(m) });
    expect(converted.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(codes(converted.text).filter((c) => c.startsWith('error'))).toEqual([]);
  });
});
