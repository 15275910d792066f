import { describe, expect, test } from 'vitest';
import { tokenize } from '../../src/lexer/tokenize.js';

/** Token type names and images, the shape most assertions want. */
function kinds(text: string): string[] {
  return tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe('tokenize', () => {
  test('v1 statement words, names, punctuation and literals', () => {
    expect(kinds('let out = weighted_sum(a, "b", alpha=0.5) | blocks(sd1.unet, out*=1e-6)')).toEqual([
      'Let:let',
      'KeyName:out',
      'Equals:=',
      'Name:weighted_sum',
      'LParen:(',
      'Name:a',
      'Comma:,',
      'StringLiteral:"b"',
      'Comma:,',
      'KeyName:alpha',
      'Equals:=',
      'NumberLiteral:0.5',
      'RParen:)',
      'Pipe:|',
      'Name:blocks',
      'LParen:(',
      'Name:sd1',
      'Dot:.',
      'Name:unet',
      'Comma:,',
      'KeyName:out*',
      'Equals:=',
      'NumberLiteral:1e-6',
      'RParen:)',
    ]);
  });

  test('keywords need a word boundary; longer words are names', () => {
    expect(kinds('model models modelx let letter param parameter version')).toEqual([
      'Model:model',
      'Name:models',
      'Name:modelx',
      'Let:let',
      'Name:letter',
      'Param:param',
      'Parameter:parameter',
      'Version:version',
    ]);
  });

  test('reserved words stay keywords even before =, so `let = 1` is a let without a name', () => {
    expect(kinds('let = 1')).toEqual(['Let:let', 'Equals:=', 'NumberLiteral:1']);
    expect(kinds('merge=1')).toEqual(['KeyName:merge', 'Equals:=', 'NumberLiteral:1']);
  });

  test('legacy lines: references, dotted dict keys, version numbers', () => {
    expect(kinds('merge "m" &0 &12 model.diffusion_model.in.0.weight=0.5')).toEqual([
      'Merge:merge',
      'StringLiteral:"m"',
      'Reference:&0',
      'Reference:&12',
      'KeyName:model.diffusion_model.in.0.weight',
      'Equals:=',
      'NumberLiteral:0.5',
    ]);
    expect(kinds('version 0.1.0')).toEqual(['Version:version', 'VersionNumber:0.1.0']);
    expect(kinds('version 1')).toEqual(['Version:version', 'NumberLiteral:1']);
  });

  test('numbers in every written form', () => {
    for (const n of ['0', '-1', '+2', '0.5', '.5', '10.', '1e-6', '1E+3', '-2.5e-3', '1e-06']) {
      expect(kinds(n), n).toEqual([`NumberLiteral:${n}`]);
    }
  });

  test('comments are kept aside as Comment nodes with their text', () => {
    const result = tokenize('model a = "x" # trailing\n# whole line\n');
    expect(result.tokens.map((t) => t.image)).toEqual(['model', 'a', '=', '"x"']);
    expect(result.comments).toEqual([
      { kind: 'Comment', span: { start: 14, end: 24 }, text: ' trailing' },
      { kind: 'Comment', span: { start: 25, end: 37 }, text: ' whole line' },
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  test('a # inside a string does not start a comment', () => {
    const result = tokenize('model a = "x#y"');
    expect(result.comments).toEqual([]);
    expect(result.tokens[3]!.image).toBe('"x#y"');
  });

  test('escaped quotes stay inside the string', () => {
    expect(kinds('"a \\" b" "c\\\\"')).toEqual(['StringLiteral:"a \\" b"', 'StringLiteral:"c\\\\"']);
  });

  test('an unterminated string runs to the end of its line only', () => {
    const result = tokenize('model a = "abc\nmodel b = "d"');
    expect(result.tokens.map((t) => `${t.tokenType.name}:${t.image}`)).toEqual([
      'Model:model',
      'KeyName:a',
      'Equals:=',
      'UnterminatedString:"abc',
      'Model:model',
      'KeyName:b',
      'Equals:=',
      'StringLiteral:"d"',
    ]);
    expect(result.diagnostics.map((d) => [d.id, d.span])).toEqual([['unterminated-string', { start: 10, end: 14 }]]);
    expect(result.diagnostics[0]!.fixes![0]!.edits).toEqual([{ span: { start: 14, end: 14 }, newText: '"' }]);
  });

  test('stray characters are reported once per run, with their code point when not ASCII', () => {
    const result = tokenize('a @ $$ é\u00a0b');
    expect(result.tokens.map((t) => t.image)).toEqual(['a', 'b']);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "unexpected character '@'",
      "unexpected characters '$$'",
      "unexpected character 'é' (U+00E9) and 1 more",
    ]);
  });

  test('misquoted strings are strings, with a fix to straight double quotes', () => {
    const result = tokenize("'a\"b' “c”");
    expect(result.tokens.map((t) => t.tokenType.name)).toEqual(['MisquotedString', 'MisquotedString']);
    expect(result.diagnostics.map((d) => d.fixes?.[0]?.edits[0]?.newText)).toEqual(['"a\\"b"', '"c"']);
  });

  test('malformed numbers and references are single tokens with a diagnostic', () => {
    const result = tokenize('0.5x 1e & &a &3');
    expect(result.tokens.map((t) => t.tokenType.name)).toEqual([
      'MalformedNumber',
      'MalformedNumber',
      'Reference',
      'Reference',
      'Reference',
    ]);
    expect(result.diagnostics.map((d) => d.id)).toEqual([
      'malformed-number',
      'malformed-number',
      'missing-reference-number',
      'malformed-reference',
    ]);
  });

  test('offsets are UTF-16 offsets into the text, across CRLF line breaks', () => {
    const text = 'a\r\nbé\r\n  c';
    const result = tokenize(text);
    for (const t of result.tokens) expect(text.slice(t.startOffset, t.startOffset + t.image.length)).toBe(t.image);
    expect(result.tokens.map((t) => t.startOffset)).toEqual([0, 3, 9]);
  });

  test('an empty text has no tokens and no diagnostics', () => {
    expect(tokenize('')).toEqual({ tokens: [], comments: [], diagnostics: [] });
  });
});
