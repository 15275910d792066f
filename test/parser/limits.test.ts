import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ModelDecl } from '../../src/ast/nodes.js';
import { tokenize } from '../../src/lexer/tokenize.js';
import { parse } from '../../src/parser/parse.js';
import { MAX_NAME_LENGTH, MAX_RECIPE_LENGTH, MAX_STRING_LENGTH } from '../../src/text/limits.js';

/** The string patterns the lexer had as regular expressions, whose backtracking overflowed on megabyte strings. */
const CLOSED = /^"(?:[^"\\\r\n]|\\[^\r\n])*"/;
const UNTERMINATED = /^"(?:[^"\\\r\n]|\\[^\r\n])*\\?/;

function codesAndSpans(text: string) {
  return parse(text).diagnostics.map((d) => ({ id: d.id, start: d.span.start, end: d.span.end }));
}

describe('strings', () => {
  test('are read as the regular expressions read them', () => {
    const text = fc.array(fc.constantFrom('"', '\\', 'a', '\n', '\r', ' ', '“'), { maxLength: 14 }).map((cs) => `"${cs.join('')}`);
    fc.assert(
      fc.property(text, (t) => {
        const first = tokenize(t).tokens[0]!;
        const closed = CLOSED.exec(t)?.[0];
        const expected = closed !== undefined ? `StringLiteral:${closed}` : `UnterminatedString:${UNTERMINATED.exec(t)![0]}`;
        expect(`${first.tokenType.name}:${first.image}`).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  test('a 10 MB string literal is a syntax error where it stands, and the rest of the file parses', () => {
    const literal = `"${'x'.repeat(10 * 1024 * 1024)}"`;
    const text = `version 1\nmodel a = ${literal} : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b)\n`;
    const start = text.indexOf('"');
    expect(codesAndSpans(text)).toEqual([{ id: 'string-too-long', start, end: start + literal.length }]);
    const { document } = parse(text);
    expect(document.statements.map((s) => s.kind)).toEqual(['ModelDecl', 'ModelDecl', 'LetDecl']);
    // The over-long value is not kept, so no later step looks it up as a file.
    expect((document.statements[0] as ModelDecl).path.value).toBe('');
    expect(parse(text).diagnostics[0]!.message).toBe(`string of ${literal.length} characters is over the limit of ${MAX_STRING_LENGTH}`);
  }, 30_000);

  test('an unterminated 10 MB string is reported too', () => {
    const text = `model a = "${'x'.repeat(10 * 1024 * 1024)}\nlet b = 1\n`;
    expect(parse(text).diagnostics.map((d) => d.id)).toEqual(['string-too-long']);
  }, 30_000);

  test('a string of the limit exactly is fine', () => {
    const text = `version 1\nmodel a = "${'x'.repeat(MAX_STRING_LENGTH - 2)}" : sd1\n`;
    expect(parse(text).diagnostics).toEqual([]);
  });
});

describe('names and numbers', () => {
  test('over 1 KiB they are reported where they stand; the next statements parse', () => {
    const name = 'n'.repeat(MAX_NAME_LENGTH + 1);
    const number = `0.${'5'.repeat(MAX_NAME_LENGTH)}`;
    const text = `version 1\nmodel a = "a" : sd1\nlet ${name} = weighted_sum(a, a, alpha=${number})\nlet out = a\n`;
    expect(codesAndSpans(text)).toEqual([
      { id: 'name-too-long', start: text.indexOf(name), end: text.indexOf(name) + name.length },
      { id: 'name-too-long', start: text.indexOf(number), end: text.indexOf(number) + number.length },
    ]);
    expect(parse(text).diagnostics.map((d) => d.message)).toEqual([
      `name of ${name.length} characters is over the limit of ${MAX_NAME_LENGTH}`,
      `number of ${number.length} characters is over the limit of ${MAX_NAME_LENGTH}`,
    ]);
    expect(parse(text).document.statements.map((s) => s.kind)).toEqual(['ModelDecl', 'LetDecl', 'LetDecl']);
  });

  test('a keyword argument name of 20,000 stars is reported by the lexer', () => {
    const text = `version 1\nmodel a = "a" : sd1\nlet out = weighted_sum(a, a, alpha=blocks(sd1.unet, ${'*'.repeat(20_000)}z=1))\n`;
    expect(parse(text).diagnostics.map((d) => d.id)).toEqual(['name-too-long']);
  });
});

describe('whole recipes', () => {
  test('over 16 Mi characters: one diagnostic, not parsed', () => {
    const text = `version 1\n# ${'x'.repeat(MAX_RECIPE_LENGTH)}\n`;
    const { document, diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.id)).toEqual(['recipe-too-large']);
    expect(diagnostics[0]!.message).toBe(`this recipe of ${text.length} characters is over the limit of ${MAX_RECIPE_LENGTH}; it is not parsed`);
    expect(document.statements.map((s) => s.kind)).toEqual(['ErrorStatement']);
  });
});
