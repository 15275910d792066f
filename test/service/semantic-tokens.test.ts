import { describe, expect, test } from 'vitest';
import type { SemanticToken } from '../../src/service/api.js';
import { serviceWith, URI } from './cursor.js';

function render(text: string, tokens: readonly SemanticToken[]): string[] {
  return tokens.map(
    (t) => `${text.slice(t.span.start, t.span.end)} ${t.type}${t.modifiers.length ? `[${t.modifiers.join(',')}]` : ''}`,
  );
}

function expectOrdered(tokens: readonly SemanticToken[], length: number): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    expect(t.span.start).toBeLessThan(t.span.end);
    expect(t.span.end).toBeLessThanOrEqual(length);
    if (i > 0) expect(tokens[i - 1]!.span.end).toBeLessThanOrEqual(t.span.start);
  }
}

describe('semantic tokens', () => {
  test('v1: keywords, declarations, models as read-only, methods, builtins, types, keyword arguments, literals, comments', () => {
    const text = `version 1
model a = "a" : sd1   # the base
param p : sd1 delta
let mix = blocks(sd1.unet, in2=0.5) | default(sd1, 0.3)
let out = add_difference(a, p, alpha=mix)
output out
`;
    const tokens = serviceWith(text).semanticTokens(URI);
    expectOrdered(tokens, text.length);
    expect(render(text, tokens)).toEqual([
      'version keyword',
      '1 number',
      'model keyword',
      'a variable[declaration,readonly]',
      '= operator',
      '"a" string',
      ': operator',
      'sd1 type',
      '# the base comment',
      'param keyword',
      'p parameter[declaration]',
      ': operator',
      'sd1 type',
      'delta type',
      'let keyword',
      'mix variable[declaration]',
      '= operator',
      'blocks function[defaultLibrary]',
      'sd1 type',
      '. operator',
      'unet property',
      'in2 property',
      '= operator',
      '0.5 number',
      '| operator',
      'default function[defaultLibrary]',
      'sd1 type',
      '0.3 number',
      'let keyword',
      'out variable[declaration]',
      '= operator',
      'add_difference method[defaultLibrary]',
      'a variable[readonly]',
      'p parameter',
      'alpha parameter',
      '= operator',
      'mix variable',
      'output keyword',
      'out variable',
    ]);
  });

  test('legacy: command words are keywords, references variables, dict keys properties', () => {
    const text = 'model "a" "sd1" "base"\ndict sd1_unet_default=1\nmerge "weighted_sum" &0 &0 alpha=&1\n';
    const tokens = serviceWith(text).semanticTokens(URI);
    expectOrdered(tokens, text.length);
    expect(render(text, tokens)).toEqual([
      'model keyword',
      '"a" string',
      '"sd1" string',
      '"base" string',
      'dict keyword',
      'sd1_unet_default property',
      '= operator',
      '1 number',
      'merge keyword',
      '"weighted_sum" string',
      '&0 variable',
      '&0 variable',
      'alpha parameter',
      '= operator',
      '&1 variable',
    ]);
  });

  test('broken text still gets sorted, non-overlapping tokens', () => {
    const text = 'version 1\nlet = weighted_sum(a, "unterminated\n# c\nlet x = 1e 2 3 &4 @@\n';
    const tokens = serviceWith(text).semanticTokens(URI);
    expectOrdered(tokens, text.length);
    expect(render(text, tokens)).toContain('"unterminated string');
  });
});
