import { describe, expect, test } from 'vitest';
import { serviceWith, textOf, URI } from './cursor.js';

describe('document symbols', () => {
  test('one per v1 statement, named by its binding, with the type as detail', () => {
    const text = `version 1
model base = "v1-5-pruned" : sd1
param style : sd1
let d = subtract(style, base)   # what the style learned
let out = add_difference(base, d, alpha=0.6)
output out
`;
    const symbols = serviceWith(text).documentSymbols(URI);
    expect(symbols.map((s) => [s.name, s.kind, s.detail])).toEqual([
      ['base', 'model', '"v1-5-pruned" : sd1 weight'],
      ['style', 'param', 'sd1 weight'],
      ['d', 'let', 'sd1 delta'],
      ['out', 'let', 'sd1 weight'],
      ['output', 'output', 'out'],
    ]);
    expect(symbols.map((s) => textOf(text, s.selectionSpan))).toEqual(['base', 'style', 'd', 'out', 'out']);
    expect(textOf(text, symbols[2]!.span)).toBe('let d = subtract(style, base)');
    for (const s of symbols) {
      expect(s.span.start).toBeLessThanOrEqual(s.selectionSpan.start);
      expect(s.selectionSpan.end).toBeLessThanOrEqual(s.span.end);
    }
  });

  test('legacy lines are named by their &N, with what they compute', () => {
    const text = 'model "a" "sd1" "base"\nmodel "b" "sd1" "base"\nmerge "subtract" &0 &1\ndict sd1_unet_default=1\n';
    const symbols = serviceWith(text).documentSymbols(URI);
    expect(symbols.map((s) => [s.name, s.kind, s.detail])).toEqual([
      ['&0', 'legacy-line', 'model "a" "sd1" "base" : sd1 weight'],
      ['&1', 'legacy-line', 'model "b" "sd1" "base" : sd1 weight'],
      ['&2', 'legacy-line', 'merge "subtract" &0 &1 : sd1 delta'],
      ['&3', 'legacy-line', 'dict sd1_unet_default=1 : hyper<sd1>'],
    ]);
    expect(textOf(text, symbols[2]!.selectionSpan)).toBe('merge');
  });

  test('statements that did not parse have no symbol', () => {
    const symbols = serviceWith(
      'version 1\nmodel a = "a" : sd1\nthis is not a statement\nlet out = weighted_sum(a, a)\n',
    ).documentSymbols(URI);
    expect(symbols.map((s) => s.name)).toEqual(['a', 'out']);
  });
});
