import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { buildGraph } from '../../src/graph/build.js';
import { canonicalGraph } from '../../src/graph/canonical.js';
import { parse } from '../../src/parser/parse.js';
import { mechaFiles, read } from './golden.js';

/**
 * Every recipe under test/fixtures: formatting twice equals formatting once and never changes the graph;
 * a file with syntax errors comes back unchanged.
 */
const ROOT = join('test', 'fixtures');
const DIRS = ['recipes', 'golden', 'format', 'parse', 'syntax', 'graph', 'check'].map((d) => join(ROOT, d)).filter(existsSync);
const files = DIRS.flatMap(mechaFiles);

function graphOf(text: string): string {
  return canonicalGraph(buildGraph(parse(text).document).graph);
}

describe('idempotence', () => {
  test('covers the reference recipes and the golden cases', () => {
    expect(files.some((f) => f.includes('golden'))).toBe(true);
    expect(files.filter((f) => f.includes(join(ROOT, 'recipes'))).length).toBeGreaterThanOrEqual(9);
  });

  for (const file of files) {
    test(file, () => {
      const text = read(file);
      const parsed = parse(text);
      const once = formatText(text);
      if (parsed.diagnostics.some((d) => d.severity === 'error')) {
        expect(once.text).toBe(text);
        expect(once.diagnostics.length).toBeGreaterThan(0);
        return;
      }
      expect(formatText(once.text).text).toBe(once.text);
      expect(once.text.endsWith('\n') || once.text === '').toBe(true);
      expect(graphOf(once.text)).toBe(graphOf(text));
    });
  }
});
