import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CHECK } from '../../src/diagnostics/codes/check.js';
import { baseline, CHECK_DIR, checkText, expectGolden, fixtureCases, readOptions } from './baseline.js';

const cases = fixtureCases();

describe('checker baselines (test/fixtures/check)', () => {
  test.each(cases)('%s', (name) => {
    const text = readFileSync(join(CHECK_DIR, name), 'utf8');
    const { diagnostics } = checkText(text, readOptions(name));
    for (const d of diagnostics) {
      expect(d.span.start).toBeGreaterThanOrEqual(0);
      expect(d.span.end).toBeLessThanOrEqual(text.length);
      expect(d.span.start).toBeLessThanOrEqual(d.span.end);
    }
    expectGolden(join(CHECK_DIR, name.replace(/\.mecha$/, '.errors.txt')), baseline(diagnostics, text, name));
  });

  test('every checker diagnostic has a fixture that produces it', () => {
    const produced = new Set<number>();
    for (const name of cases) {
      const text = readFileSync(join(CHECK_DIR, name), 'utf8');
      for (const d of checkText(text, readOptions(name)).diagnostics) produced.add(d.code);
    }
    const missing = Object.values(CHECK)
      .map((k) => k.code)
      .filter((code) => !produced.has(code));
    expect(missing).toEqual([]);
  });
});
