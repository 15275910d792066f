import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SYNTAX } from '../../src/diagnostics/codes/syntax.js';
import { renderBaseline } from '../../src/diagnostics/render.js';
import { parse } from '../../src/parser/parse.js';
import { expectGolden } from './golden.js';
import { spanProblems } from './walk-spans.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'syntax');
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.mecha'))
  .sort();

describe('syntax error baselines (test/fixtures/syntax)', () => {
  test.each(cases)('%s', (name) => {
    const text = readFileSync(join(DIR, name), 'utf8');
    const { document, diagnostics } = parse(text);
    expect(spanProblems(document, text.length)).toEqual([]);
    for (const d of diagnostics) {
      expect(d.span.start).toBeGreaterThanOrEqual(0);
      expect(d.span.end).toBeLessThanOrEqual(text.length);
      expect(d.span.start).toBeLessThanOrEqual(d.span.end);
    }
    expectGolden(renderBaseline(diagnostics, text, name), join(DIR, name.replace(/\.mecha$/, '.errors.txt')));
  });

  test('every syntax diagnostic has a fixture that produces it', () => {
    const produced = new Set<number>();
    for (const name of cases) {
      for (const d of parse(readFileSync(join(DIR, name), 'utf8')).diagnostics) produced.add(d.code);
    }
    // The internal error guards against bugs in the parser itself; no input is meant to reach it. A recipe over
    // the size limit takes 16 MiB; parse.test.ts makes one.
    const expected = Object.values(SYNTAX)
      .filter((k) => k.id !== SYNTAX.InternalError.id && k.id !== SYNTAX.RecipeTooLarge.id)
      .map((k) => k.code);
    expect(expected.filter((code) => !produced.has(code))).toEqual([]);
  });
});
