import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { buildGraph } from '../../src/graph/build.js';
import { canonicalGraph } from '../../src/graph/canonical.js';
import { parse } from '../../src/parser/parse.js';
import { expectGolden, mechaFiles, read } from './golden.js';

/**
 * test/fixtures/format/<case>.mecha is formatted into <case>.expected.mecha; a legacy <case> is also converted
 * into <case>.v1.mecha, which must describe the same graph and be formatted already.
 */
const DIR = join('test', 'fixtures', 'format');
const inputs = mechaFiles(DIR).filter((f) => !f.endsWith('.expected.mecha') && !f.endsWith('.v1.mecha'));

function graphOf(text: string): string {
  return canonicalGraph(buildGraph(parse(text).document).graph);
}

describe('format fixtures', () => {
  test('there are cases', () => {
    expect(inputs.length).toBeGreaterThan(20);
  });

  for (const input of inputs) {
    const name = basename(input, '.mecha');
    const text = read(input);

    test(`formats ${name}`, () => {
      const result = formatText(text);
      expectGolden(join(DIR, `${name}.expected.mecha`), result.text);
    });

    if (parse(text).document.dialect !== 'v1') {
      test(`converts ${name} to v1`, () => {
        const result = formatText(text, { to: 'v1' });
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expectGolden(join(DIR, `${name}.v1.mecha`), result.text);
        expect(parse(result.text).document.dialect).toBe('v1');
        expect(graphOf(result.text)).toBe(graphOf(text));
        expect(formatText(result.text).text).toBe(result.text);
      });
    }
  }
});
