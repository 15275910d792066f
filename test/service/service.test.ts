import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { check } from '../../src/typecheck/check.js';
import type { ServiceHost } from '../../src/service/api.js';
import { createLanguageService } from '../../src/service/service.js';
import { REGISTRY, URI } from './cursor.js';

const TEXT = 'version 1\nmodel a = "a" : sd1\nlet x = weigted_sum(a, a)\nlet out = weighted_sum(a, a, alpha=\n';

describe('language service documents', () => {
  test('a document it does not hold gets empty answers', () => {
    const service = createLanguageService({ registry: REGISTRY });
    expect(service.getText(URI)).toBeUndefined();
    expect(service.diagnostics(URI)).toEqual([]);
    expect(service.completions(URI, 0)).toEqual([]);
    expect(service.hover(URI, 0)).toBeUndefined();
    expect(service.definition(URI, 0)).toEqual([]);
    expect(service.references(URI, 0, true)).toEqual([]);
    expect(service.prepareRename(URI, 0)).toBeUndefined();
    expect(service.rename(URI, 0, 'x')).toEqual({ error: expect.stringContaining(URI) });
    expect(service.documentSymbols(URI)).toEqual([]);
    expect(service.format(URI)).toEqual([]);
    expect(service.semanticTokens(URI)).toEqual([]);
    expect(service.codeActions(URI, { start: 0, end: 0 })).toEqual([]);
    expect(service.recipeView(URI)).toBeUndefined();
  });

  test('set, read and remove documents, each independent of the others', () => {
    const service = createLanguageService({ registry: REGISTRY });
    service.setDocument('a', TEXT, 1);
    service.setDocument('b', 'version 1\n', 1);
    expect(service.getText('a')).toBe(TEXT);
    expect(service.diagnostics('b').map((d) => d.id)).toEqual(['no-output']);
    service.removeDocument('a');
    expect(service.getText('a')).toBeUndefined();
    expect(service.diagnostics('a')).toEqual([]);
    expect(service.getText('b')).toBe('version 1\n');
  });

  test('diagnostics are the parser’s and the checker’s, sorted by position', () => {
    const service = createLanguageService({ registry: REGISTRY });
    service.setDocument(URI, TEXT);
    const parsed = parse(TEXT);
    const checked = check(parsed.document, REGISTRY, undefined, { text: TEXT });
    const expected = [...parsed.diagnostics, ...checked.diagnostics].sort(
      (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code - b.code,
    );
    expect(service.diagnostics(URI)).toEqual(expected);
    expect(service.diagnostics(URI).map((d) => d.id)).toEqual(
      expect.arrayContaining(['unknown-method', 'missing-keyword-value']),
    );
  });

  test('work is done once per text: asking again, or setting the same text, reuses it', () => {
    const service = createLanguageService({ registry: REGISTRY });
    service.setDocument(URI, TEXT, 1);
    const first = service.diagnostics(URI);
    expect(service.diagnostics(URI)).toBe(first);
    service.setDocument(URI, TEXT, 1);
    expect(service.diagnostics(URI)).toBe(first);
    service.setDocument(URI, TEXT.replace('alpha=', 'alpha=0.5)'), 2);
    expect(service.diagnostics(URI)).not.toBe(first);
  });

  test('after edits, every answer is what a fresh service gives for the same text', () => {
    const edited = createLanguageService({ registry: REGISTRY });
    let text = TEXT;
    edited.setDocument(URI, text, 1);
    edited.diagnostics(URI);
    const steps = [
      (t: string) => t.replace('weigted_sum', 'weighted_sum'),
      (t: string) => t.replace('alpha=', 'alpha=0.3)'),
      (t: string) => t.replace('let x', '# a comment\nlet y'),
      (t: string) => t + 'output y\n',
    ];
    steps.forEach((step, i) => {
      text = step(text);
      edited.setDocument(URI, text, i + 2);
      const fresh = createLanguageService({ registry: REGISTRY });
      fresh.setDocument(URI, text);
      expect(edited.diagnostics(URI)).toEqual(fresh.diagnostics(URI));
      expect(edited.documentSymbols(URI)).toEqual(fresh.documentSymbols(URI));
      expect(edited.semanticTokens(URI)).toEqual(fresh.semanticTokens(URI));
    });
  });

  test('model headers come from the host: a missing file is reported, a found one checked', () => {
    const asked: string[] = [];
    const host: ServiceHost = {
      readModelHeader(path) {
        asked.push(path);
        return { error: 'not-found', message: `looked for ${path}` };
      },
    };
    const service = createLanguageService({ registry: REGISTRY, host });
    service.setDocument(URI, 'version 1\nmodel a = "missing" : sd1\nlet out = weighted_sum(a, a)\n');
    const diagnostics = service.diagnostics(URI);
    expect(asked).toEqual(['missing']);
    expect(diagnostics.some((d) => d.message.includes('missing'))).toBe(true);
  });

  test('offsets outside the text are clamped rather than trusted', () => {
    const service = createLanguageService({ registry: REGISTRY });
    service.setDocument(URI, TEXT);
    for (const offset of [-5, TEXT.length + 10, Number.NaN, 3.7]) {
      expect(() => service.completions(URI, offset)).not.toThrow();
      expect(() => service.hover(URI, offset)).not.toThrow();
      expect(() => service.definition(URI, offset)).not.toThrow();
    }
  });
});
