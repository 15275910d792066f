import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderBaseline } from '../../src/diagnostics/render.js';
import { buildGraph } from '../../src/graph/build.js';
import { canonicalGraph } from '../../src/graph/canonical.js';
import { parse } from '../../src/parser/parse.js';
import { expectGolden, mechaFiles, read } from '../format/golden.js';

/**
 * test/fixtures/graph/<case>.mecha: the name and reference diagnostics as an error baseline, then the canonical
 * graph, in <case>.expected.txt.
 */
const DIR = join('test', 'fixtures', 'graph');

describe('name resolution fixtures', () => {
  for (const file of mechaFiles(DIR)) {
    const name = basename(file, '.mecha');
    test(name, () => {
      const text = read(file);
      const parsed = parse(text);
      expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const { graph, diagnostics } = buildGraph(parsed.document, text);
      for (const d of diagnostics) expect(d.code).toBeGreaterThanOrEqual(2001), expect(d.code).toBeLessThanOrEqual(2099);
      const baseline = renderBaseline(diagnostics, text, `${name}.mecha`);
      expectGolden(join(DIR, `${name}.expected.txt`), `${baseline}\n==== graph ====\n${canonicalGraph(graph)}`);
    });
  }
});
