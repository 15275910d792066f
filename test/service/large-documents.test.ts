import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { createLanguageService } from '../../src/service/service.js';
import { v1Chain } from '../fuzz/recipes.js';
import { REGISTRY, URI } from './cursor.js';

/**
 * Documents of more than about 125,000 lines once overflowed the stack in hover, tokens and formatting (-32603):
 * arrays of statements or lines were spread into calls.
 */
describe('the service on a very large document', () => {
  const unformatted = v1Chain(150_000).replace(/ = /g, '=');
  const service = createLanguageService({ registry: REGISTRY });
  service.setDocument(URI, unformatted, 1);

  test('hover on the last line; formatting aligns 150,000 bindings; semantic tokens cover every line', () => {
    const offset = unformatted.lastIndexOf('x149998');
    expect(service.hover(URI, offset)?.markdown).toContain('x149998');

    const edits = [...service.format(URI)].sort((a, b) => a.span.start - b.span.start);
    expect(edits.length).toBeGreaterThan(0);
    const parts: string[] = [];
    let at = 0;
    for (const edit of edits) {
      parts.push(unformatted.slice(at, edit.span.start), edit.newText);
      at = edit.span.end;
    }
    parts.push(unformatted.slice(at));
    const text = parts.join('');
    expect(text).toBe(formatText(unformatted).text);
    expect(text).toContain('\nlet x149999 = weighted_sum(x149998, b)\n');
    expect(service.semanticTokens(URI).length).toBeGreaterThan(150_000);
  }, 600_000);
});
