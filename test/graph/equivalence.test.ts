import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { buildGraph } from '../../src/graph/build.js';
import { canonicalGraph, graphsEqual } from '../../src/graph/canonical.js';
import { parse } from '../../src/parser/parse.js';
import { mechaFiles, read } from '../format/golden.js';

/** Every legacy recipe of the reference and golden sets describes the same graph as its v1 conversion. */
const legacy = [join('test', 'fixtures', 'recipes'), join('test', 'fixtures', 'golden')]
  .flatMap(mechaFiles)
  .filter((file) => parse(read(file)).document.dialect !== 'v1');

function graph(text: string) {
  const parsed = parse(text);
  const built = buildGraph(parsed.document, text);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return built.graph;
}

describe('legacy recipes and their v1 conversions', () => {
  test('cover the reference recipes and every golden case', () => {
    expect(legacy.length).toBeGreaterThanOrEqual(3 + 28 + 4);
  });

  for (const file of legacy) {
    test(file, () => {
      const text = read(file);
      const converted = formatText(text, { to: 'v1' });
      expect(converted.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(converted.text).not.toMatch(/&\d/);
      const before = graph(text);
      const after = graph(converted.text);
      expect(graphsEqual(before, after)).toBe(true);
      expect(canonicalGraph(after)).toBe(canonicalGraph(before));
    });
  }
});
