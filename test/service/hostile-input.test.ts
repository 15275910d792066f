import { describe, expect, test } from 'vitest';
import { atCursor, URI } from './cursor.js';

/** Inputs that once hung the editor or made the parser fail: each is answered quickly, with a diagnostic. */
describe('hostile input in the editor', () => {
  test.each([200, 20_000])('a block pattern of %i stars is reported, and hovering it answers', (stars) => {
    const { service, offset } = atCursor(
      `version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b, alpha=blocks(sd1.unet, *<|>${'*'.repeat(stars - 1)}z=1))\n`,
    );
    expect(service.diagnostics(URI).map((d) => d.id)).toContain('block-pattern-too-long');
    expect(service.hover(URI, offset)?.markdown).toContain('no block of `sd1.unet`');
  }, 20_000);
});
