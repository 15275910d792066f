import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LanguageService } from '../../src/service/api.js';
import { createLanguageService } from '../../src/service/service.js';
import type { Span } from '../../src/text/span.js';
import { CURSOR, REGISTRY, URI } from './cursor.js';
import { FIXTURE_HOST } from './golden.js';
import { fixtureRecipes } from './recipes.js';

/** Every recipe among the fixtures, cursor markers removed. */
const recipes = fixtureRecipes().map((r) => ({ name: r.name, text: r.text.split(CURSOR).join('') }));

/**
 * Asks every offset-taking request at `offsets`, and the whole-document ones once. A throw fails the test; the
 * answer is the list of spans that lie outside the text (or out of order, for tokens), which must be empty.
 */
function askEverything(service: LanguageService, text: string, offsets: readonly number[]): string[] {
  const n = text.length;
  const bad: string[] = [];
  const inside = (span: Span, what: string) => {
    if (!(span.start >= 0 && span.start <= span.end && span.end <= n)) bad.push(`${what} at ${span.start}-${span.end}`);
  };
  for (const d of service.diagnostics(URI)) {
    inside(d.span, `diagnostic ${d.message}`);
    for (const fix of d.fixes ?? []) for (const edit of fix.edits) inside(edit.span, `fix ${fix.title}`);
    // A crash inside the parser shows as this diagnostic instead of an exception.
    if (d.id === 'internal-parser-error') bad.push(d.message);
  }
  const tokens = service.semanticTokens(URI);
  tokens.forEach((t, i) => {
    inside(t.span, `token ${t.type}`);
    if (i > 0 && tokens[i - 1]!.span.end > t.span.start) bad.push(`token ${t.type} overlaps the one before`);
  });
  for (const s of service.documentSymbols(URI)) {
    inside(s.span, `symbol ${s.name}`);
    inside(s.selectionSpan, `symbol ${s.name}`);
  }
  for (const offset of offsets) {
    for (const item of service.completions(URI, offset))
      if (item.replace) inside(item.replace, `completion ${item.label}`);
    const hover = service.hover(URI, offset);
    if (hover) inside(hover.span, 'hover');
    for (const l of service.definition(URI, offset)) inside(l.span, 'definition');
    for (const l of service.references(URI, offset, true)) inside(l.span, 'references');
    const rename = service.prepareRename(URI, offset);
    if (rename) inside(rename, 'prepareRename');
  }
  return bad;
}

/** Recipes up to this long are cut at every offset; the one fixture past it holds a string of over 64 KiB. */
const EVERY_OFFSET_UP_TO = 16 * 1024;

/** Where to cut a recipe: everywhere, or, for a long one, around every line break and at a sample in between. */
function cutPoints(text: string): number[] {
  if (text.length <= EVERY_OFFSET_UP_TO) return Array.from({ length: text.length + 1 }, (_, i) => i);
  const cuts = new Set([0, text.length]);
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') for (const cut of [i - 1, i, i + 1]) cuts.add(cut);
    if (i % 997 === 0) cuts.add(i);
  }
  return [...cuts].sort((a, b) => a - b);
}

describe('the service on broken and half-typed text', () => {
  test.each(recipes)('every prefix of $name', ({ text }) => {
    const service = createLanguageService({ registry: REGISTRY, host: FIXTURE_HOST });
    for (const end of cutPoints(text)) {
      const prefix = text.slice(0, end);
      service.setDocument(URI, prefix, end);
      // Where the user is typing, and inside what is already written.
      const bad = askEverything(service, prefix, [end, end >> 1]);
      if (bad.length > 0) expect(bad, JSON.stringify(prefix)).toEqual([]);
    }
  });

  test('random characters inserted at random places', () => {
    const inserted = fc.oneof(
      fc.constantFrom(
        '(',
        ')',
        ',',
        '"',
        '=',
        '|',
        '.',
        ':',
        '&',
        '#',
        '\n',
        ' ',
        '*',
        '\\',
        '\u0000',
        '\uFFFD',
        'é',
        '𝔸',
      ),
      fc.string({ maxLength: 2 }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...recipes),
        fc.array(fc.tuple(fc.nat(), inserted), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        (recipe, insertions, asks) => {
          const service = createLanguageService({ registry: REGISTRY, host: FIXTURE_HOST });
          let text = recipe.text;
          service.setDocument(URI, text, 0);
          insertions.forEach(([at, ch], i) => {
            const where = at % (text.length + 1);
            text = text.slice(0, where) + ch + text.slice(where);
            service.setDocument(URI, text, i + 1);
            expect(
              askEverything(service, text, [where, where + ch.length, ...asks.map((a) => a % (text.length + 1))]),
            ).toEqual([]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
