import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LanguageService } from '../../src/service/api.js';
import { createLanguageService } from '../../src/service/service.js';
import { hugeLiteral, nesting, soup } from './arbitraries.js';
import { expectInside, REGISTRY, timed, TINY_MODELS } from './pipeline.js';
import { hyperChain, legacyChain, v1Chain } from './recipes.js';

/**
 * Hostile documents in the language service, asked what an editor asks at random positions: nothing throws, every
 * range it answers with lies inside the document, every request ends within a generous bound.
 */
const BUDGET = { interruptAfterTimeLimit: 8_000, markInterruptAsFailure: false } as const;
const URI = 'file:///fuzz.mecha';

function askAt(service: LanguageService, text: string, offsets: readonly number[]): void {
  const n = text.length;
  for (const d of timed('diagnostics', () => service.diagnostics(URI))) {
    expectInside(d.span, n, d.message);
    expect(d.id, d.message).not.toBe('internal-parser-error');
  }
  for (const edit of timed('format', () => service.format(URI))) expectInside(edit.span, n, 'format edit');
  for (const t of timed('semantic tokens', () => service.semanticTokens(URI))) expectInside(t.span, n, 'token');
  for (const s of timed('symbols', () => service.documentSymbols(URI))) expectInside(s.span, n, s.name);
  for (const offset of offsets) {
    const hover = timed('hover', () => service.hover(URI, offset));
    if (hover) expectInside(hover.span, n, 'hover');
    for (const item of timed('completions', () => service.completions(URI, offset)))
      if (item.replace) expectInside(item.replace, n, item.label);
    for (const l of timed('definition', () => service.definition(URI, offset))) expectInside(l.span, n, 'definition');
    for (const a of timed('code actions', () => service.codeActions(URI, { start: offset, end: offset })))
      for (const e of a.edits) expectInside(e.span, n, a.title);
  }
}

const documents = fc.oneof(
  soup,
  nesting,
  hugeLiteral,
  fc.tuple(fc.constantFrom(v1Chain, legacyChain, hyperChain), fc.integer({ min: 3, max: 2000 })).map(([make, n]) => make(n)),
);

describe('fuzzing the language service', () => {
  test('diagnostics, hover, completion, formatting at random positions', () => {
    fc.assert(
      fc.property(documents, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }), (text, at) => {
        const service = createLanguageService({ registry: REGISTRY, host: TINY_MODELS });
        service.setDocument(URI, text, 1);
        askAt(service, text, [0, text.length, ...at.map((f) => Math.floor(f * text.length))]);
      }),
      { numRuns: 60, ...BUDGET },
    );
  });
});
