import { describe, expect, test } from 'vitest';
import { atCursor, textOf, URI } from './cursor.js';
import { expectGolden, featureCases } from './golden.js';

/**
 * test/fixtures/service/hover: each `<case>.mecha` has a `<|>` where the pointer rests; `<case>.expected.md` holds
 * the text the hover covers and its markdown.
 */
describe('hover fixtures', () => {
  test.each(featureCases('hover'))('$name', ({ source, expected }) => {
    const { service, text, offset } = atCursor(source);
    const hover = service.hover(URI, offset);
    expect(hover).toBeDefined();
    expect(hover!.span.start).toBeLessThanOrEqual(offset);
    expect(hover!.span.end).toBeGreaterThanOrEqual(offset);
    expectGolden(
      expected.replace(/\.mecha$/, '.expected.md'),
      `<!-- hover over ${JSON.stringify(textOf(text, hover!.span))} -->\n${hover!.markdown}\n`,
    );
  });
});
