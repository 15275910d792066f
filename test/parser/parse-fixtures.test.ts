import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dumpAst } from '../../src/ast/print.js';
import { parse } from '../../src/parser/parse.js';
import { expectGolden } from './golden.js';
import { spanProblems } from './walk-spans.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function mechaFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mecha'))
    .sort()
    .map((f) => join(dir, f));
}

/** Every recipe the project ships as an example or golden case: all must parse cleanly. */
function referenceRecipes(): string[] {
  const files = mechaFiles(join(FIXTURES, 'recipes'));
  const golden = join(FIXTURES, 'golden');
  for (const suite of readdirSync(golden, { withFileTypes: true })) {
    if (!suite.isDirectory()) continue;
    const cases = join(golden, suite.name, 'cases');
    if (!existsSync(cases)) continue; // an expected output without recipes (the library's seed example)
    for (const c of readdirSync(cases).sort()) files.push(join(cases, c, 'recipe.mecha'));
  }
  return files;
}

describe('reference recipes parse without diagnostics', () => {
  const files = referenceRecipes();
  test('there are reference recipes to check', () => {
    expect(files.length).toBeGreaterThan(30);
  });
  test.each(files.map((f) => [f.slice(FIXTURES.length + 1), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const { document, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(document.statements.length).toBeGreaterThan(0);
    expect(document.statements.every((s) => s.kind !== 'ErrorStatement')).toBe(true);
    expect(spanProblems(document, text.length)).toEqual([]);
  });
  test('golden cases are legacy and examples are v1', () => {
    for (const file of files) {
      const { document } = parse(readFileSync(file, 'utf8'));
      const v1 = readFileSync(file, 'utf8').startsWith('version 1');
      expect(document.dialect, file).toBe(v1 ? 'v1' : 'legacy');
    }
  });
});

describe('AST dumps (test/fixtures/parse)', () => {
  test.each(mechaFiles(join(FIXTURES, 'parse')).map((f) => [f.split('/').pop()!, f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const { document, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(spanProblems(document, text.length)).toEqual([]);
    expectGolden(dumpAst(document, text), file.replace(/\.mecha$/, '.ast'));
  });
});
