import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { applyEdits, serviceWith, URI } from './cursor.js';

describe('formatting', () => {
  test('one edit, covering only what changes, that gives the formatter’s text', () => {
    const text = 'version 1\nmodel a = "a" : sd1\nmodel bb = "b" : sd1\nlet out=weighted_sum( a,bb ,alpha = 0.5 )\n';
    const edits = serviceWith(text).format(URI);
    expect(edits).toHaveLength(1);
    expect(applyEdits(text, edits)).toBe(formatText(text).text);
    // The first line is unchanged, so the edit starts after it.
    expect(edits[0]!.span.start).toBeGreaterThan(text.indexOf('\n'));
  });

  test('nothing for a formatted text or one with syntax errors', () => {
    const formatted = formatText('version 1\nmodel a = "a" : sd1\nlet out = weighted_sum(a, a)\n').text;
    expect(serviceWith(formatted).format(URI)).toEqual([]);
    expect(serviceWith('version 1\nmodel a =   "a" : sd1\nlet out = weighted_sum(a, a\n').format(URI)).toEqual([]);
  });

  test('a legacy recipe stays in its dialect', () => {
    const text = 'model   "a"  "sd1" "base"\nmerge "weighted_sum"   &0 &0    alpha=0.5\n';
    const edits = serviceWith(text).format(URI);
    expect(applyEdits(text, edits)).toBe('model "a" "sd1" "base"\nmerge "weighted_sum" &0 &0 alpha=0.5\n');
  });
});
