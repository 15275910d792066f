import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { applyEdits, serviceWith, URI } from './cursor.js';

describe('code actions', () => {
  test('every fix of a diagnostic in the range is a quick fix; a sole fix is preferred', () => {
    const text = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weigted_sum(a, b)\n';
    const service = serviceWith(text);
    const at = text.indexOf('weigted_sum') + 3;
    const actions = service.codeActions(URI, { start: at, end: at });
    expect(actions.map((a) => [a.title, a.kind, a.preferred])).toEqual([
      ["Change to 'weighted_sum'", 'quickfix', true],
    ]);
    expect(actions[0]!.diagnostic?.message).toContain('weigted_sum');
    expect(applyEdits(text, actions[0]!.edits)).toBe(text.replace('weigted_sum', 'weighted_sum'));
  });

  test('only diagnostics touching the range contribute', () => {
    const text = 'version 1\nmodel a = "a" : sd1\nlet x = weigted_sum(a, a)\nlet out = weighted_sum(a, a, alpah=0.5)\n';
    const service = serviceWith(text);
    const first = text.indexOf('weigted_sum');
    expect(service.codeActions(URI, { start: first, end: first + 2 }).map((a) => a.title)).toEqual([
      "Change to 'weighted_sum'",
    ]);
    expect(service.codeActions(URI, { start: 0, end: 9 })).toEqual([]);
    expect(service.codeActions(URI, { start: 0, end: text.length }).map((a) => a.title)).toEqual([
      "Change to 'weighted_sum'",
      "Change to 'alpha'",
    ]);
  });

  test('a legacy recipe can be converted to version 1 as a refactoring', () => {
    const text = 'model "a" "sd1" "base"\nmodel "b" "sd1" "base"\nmerge "weighted_sum" &0 &1 alpha=0.5\n';
    const actions = serviceWith(text).codeActions(URI, { start: 0, end: 0 });
    const convert = actions.find((a) => a.kind === 'refactor');
    expect(convert?.title).toBe('Convert this sd-mecha recipe to mecha version 1');
    const converted = applyEdits(text, convert!.edits);
    expect(converted).toBe(formatText(text, { to: 'v1' }).text);
    expect(converted.startsWith('version 1\n')).toBe(true);
    // The result is a clean v1 recipe.
    expect(
      serviceWith(converted)
        .diagnostics(URI)
        .filter((d) => d.severity === 'error'),
    ).toEqual([]);
  });

  test('no conversion for v1 recipes, nor for legacy ones with syntax errors', () => {
    expect(
      serviceWith('version 1\nmodel a = "a" : sd1\nlet out = weighted_sum(a, a)\n').codeActions(URI, {
        start: 0,
        end: 0,
      }),
    ).toEqual([]);
    const broken = serviceWith('model "a" "sd1" "base"\nmerge "weighted_sum" &0 &0 alpha=\n').codeActions(URI, {
      start: 0,
      end: 0,
    });
    expect(broken.some((a) => a.kind === 'refactor')).toBe(false);
  });
});
