import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { spanProblems } from './walk-spans.js';
import { soup } from '../fuzz/arbitraries.js';

function check(text: string): void {
  const { document, diagnostics } = parse(text);
  expect(spanProblems(document, text.length)).toEqual([]);
  for (const d of diagnostics) {
    expect(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, JSON.stringify(d)).toBe(true);
    expect(d.message.length).toBeGreaterThan(0);
    // parse() turns an exception into this diagnostic; seeing it means the parser itself broke.
    expect(d.id, d.message).not.toBe('internal-parser-error');
  }
  // Rendering must cope with whatever the parser reports.
  renderDiagnostics(diagnostics, text, 'soup.mecha');
}

describe('random token soup', () => {
  test('never throws; every span lies within the text and within its parent', () => {
    fc.assert(fc.property(soup, check), { numRuns: 1500 });
  });

  test('soup behind a version header of each dialect', () => {
    const header = fc.constantFrom('version 1\n', 'version 0.1.0\n', 'version 7\n', '');
    fc.assert(
      fc.property(header, soup, (h, body) => check(h + body)),
      { numRuns: 600 },
    );
  });

  test('arbitrary strings, including lone surrogates and control characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), check), { numRuns: 500 });
  });

  test('the parse is a pure function of the text', () => {
    fc.assert(
      fc.property(soup, (text) => {
        expect(parse(text)).toEqual(parse(text));
      }),
      { numRuns: 200 },
    );
  });
});
