import { describe, expect, test } from 'vitest';
import { applyEdits, atCursor, textOf, URI } from './cursor.js';

const V1 = `version 1
model base  = "v1-5-pruned" : sd1
model tuned = "inpainting_style" : sd1
let delta = subtract(tuned, base)
let out   = add_difference(base, delta, alpha=0.8)
output out
`;

const LEGACY = `model "a" "sd1" "base"
model "b" "sd1" "base"
merge "subtract" &0 &1
merge "add_difference" &0 &2 alpha=0.5
merge "weighted_sum" &3 &2 alpha=0.5
`;

/** V1 with the cursor at the `n`th occurrence (0-based) of `needle`, `at` characters into it. */
function cursorIn(text: string, needle: string, n = 0, at = 1): string {
  let index = -1;
  for (let i = 0; i <= n; i++) index = text.indexOf(needle, index + 1);
  return text.slice(0, index + at) + '<|>' + text.slice(index + at);
}

describe('definition', () => {
  test('a v1 name goes to its declaration', () => {
    const { service, text, offset } = atCursor(cursorIn(V1, 'delta', 1));
    const [location, ...rest] = service.definition(URI, offset);
    expect(rest).toEqual([]);
    expect(location!.uri).toBe(URI);
    expect(textOf(text, location!.span)).toBe('delta');
    expect(location!.span.start).toBe(text.indexOf('let delta') + 4);
  });

  test('at its declaration, a name is its own definition; the cursor just after a name still finds it', () => {
    const { service, text, offset } = atCursor(cursorIn(V1, 'base', 0, 4));
    expect(service.definition(URI, offset).map((l) => textOf(text, l.span))).toEqual(['base']);
  });

  test('a legacy &N goes to the line it refers to', () => {
    const { service, text, offset } = atCursor(cursorIn(LEGACY, '&2', 1));
    const [location] = service.definition(URI, offset);
    expect(textOf(text, location!.span)).toBe('merge "subtract" &0 &1');
  });

  test('nothing for methods, numbers and unresolved names', () => {
    for (const source of [
      cursorIn(V1, 'subtract'),
      cursorIn(V1, '0.8'),
      'version 1\nlet out = weighted_sum(no<|>body, x)\n',
    ]) {
      const { service, offset } = atCursor(source);
      expect(service.definition(URI, offset), source).toEqual([]);
    }
  });
});

describe('references', () => {
  test('every use of a v1 name, with its declaration when asked for', () => {
    const { service, text, offset } = atCursor(cursorIn(V1, 'base', 2));
    const withDeclaration = service.references(URI, offset, true);
    expect(withDeclaration.map((l) => textOf(text, l.span))).toEqual(['base', 'base', 'base']);
    expect(withDeclaration[0]!.span.start).toBe(text.indexOf('base'));
    const usesOnly = service.references(URI, offset, false);
    expect(usesOnly.map((l) => l.span.start)).toEqual(withDeclaration.slice(1).map((l) => l.span.start));
  });

  test('every &N that refers to a legacy line, from a reference or from the line itself', () => {
    const fromReference = atCursor(cursorIn(LEGACY, '&2', 0));
    const spans = fromReference.service.references(URI, fromReference.offset, false);
    expect(spans.map((l) => textOf(fromReference.text, l.span))).toEqual(['&2', '&2']);
    const fromLine = atCursor(cursorIn(LEGACY, 'merge "subtract"', 0, 2));
    const withLine = fromLine.service.references(URI, fromLine.offset, true);
    expect(withLine.map((l) => textOf(fromLine.text, l.span))).toEqual(['merge "subtract" &0 &1', '&2', '&2']);
  });
});

describe('rename', () => {
  test('prepareRename gives the span of the name under the cursor', () => {
    const { service, text, offset } = atCursor(cursorIn(V1, 'delta', 1, 2));
    const span = service.prepareRename(URI, offset)!;
    expect(textOf(text, span)).toBe('delta');
  });

  test('renames the declaration and every use', () => {
    const { service, text, offset } = atCursor(cursorIn(V1, 'output out', 0, 8));
    const result = service.rename(URI, offset, 'merged');
    if ('error' in result) throw new Error(result.error);
    expect(result.edits.every((e) => e.uri === URI)).toBe(true);
    const renamed = applyEdits(
      text,
      result.edits.map((e) => ({ span: e.span, newText: result.newText })),
    );
    expect(renamed).toBe(V1.replace('let out ', 'let merged ').replace('output out', 'output merged'));
  });

  test('refuses names that are not identifiers, keywords, and names already bound', () => {
    const { service, offset } = atCursor(cursorIn(V1, 'delta', 1));
    expect(service.rename(URI, offset, '2fast')).toEqual({
      error: expect.stringContaining("'2fast' is not a valid name"),
    });
    expect(service.rename(URI, offset, 'my-name')).toEqual({ error: expect.stringContaining('not a valid name') });
    expect(service.rename(URI, offset, 'let')).toEqual({ error: expect.stringContaining('keyword') });
    expect(service.rename(URI, offset, 'tuned')).toEqual({ error: "'tuned' is already defined on line 3" });
  });

  test('refuses legacy &N with a reason, and prepareRename offers nothing there', () => {
    const { service, offset } = atCursor(cursorIn(LEGACY, '&2', 0));
    expect(service.prepareRename(URI, offset)).toBeUndefined();
    const result = service.rename(URI, offset, 'x');
    expect('error' in result && result.error).toContain('&2 is a line number, not a name');
  });

  test('nothing to rename on a method or a number', () => {
    const { service, offset } = atCursor(cursorIn(V1, 'add_difference'));
    expect(service.prepareRename(URI, offset)).toBeUndefined();
    expect(service.rename(URI, offset, 'x')).toEqual({ error: 'there is no name here to rename' });
  });
});
