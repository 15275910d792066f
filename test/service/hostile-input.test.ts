import { describe, expect, test } from 'vitest';
import { MAX_RECIPE_LENGTH } from '../../src/text/limits.js';
import { atCursor, serviceWith, URI } from './cursor.js';

/** Inputs that once hung the editor or made the parser fail: each is answered quickly, with a diagnostic. */
describe('hostile input in the editor', () => {
  test.each([200, 20_000])('a block pattern of %i stars is reported, and hovering it answers', (stars) => {
    const { service, offset } = atCursor(
      `version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b, alpha=blocks(sd1.unet, *<|>${'*'.repeat(stars - 1)}z=1))\n`,
    );
    expect(service.diagnostics(URI).map((d) => d.id)).toContain('block-pattern-too-long');
    expect(service.hover(URI, offset)?.markdown).toContain('no block of `sd1.unet`');
  }, 20_000);

  test('a 10 MB string literal is a syntax error, not an internal one; the statements after it are checked', () => {
    const service = serviceWith(
      `version 1\nmodel a = "${'x'.repeat(10 * 1024 * 1024)}" : sd1\nlet out = weighted_sun(a, a)\n`,
    );
    expect(service.diagnostics(URI).map((d) => d.id)).toEqual(['string-too-long', 'unknown-method']);
  }, 30_000);

  test('a document over the size limit gets one diagnostic', () => {
    const service = serviceWith(`version 1\n# ${'x'.repeat(MAX_RECIPE_LENGTH)}\n`);
    expect(service.diagnostics(URI).map((d) => d.id)).toEqual(['recipe-too-large']);
  }, 30_000);
});
