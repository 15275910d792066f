import { describe, expect, test } from 'vitest';
import { parseSettings } from '../../lsp/settings.js';

describe('parseSettings', () => {
  test('the mecha section, or a payload wrapping it', () => {
    expect(parseSettings({ modelsDirs: ['/a', 'b'] })).toEqual({ modelsDirs: ['/a', 'b'] });
    expect(parseSettings({ mecha: { modelsDirs: ['/a'] } })).toEqual({ modelsDirs: ['/a'] });
  });

  test('a single folder as a string; blanks and non-strings dropped; values trimmed', () => {
    expect(parseSettings({ modelsDirs: ' /models ' })).toEqual({ modelsDirs: ['/models'] });
    expect(parseSettings({ modelsDirs: ['', '  ', 3, null, '/x'] })).toEqual({ modelsDirs: ['/x'] });
  });

  test('anything else gives the defaults', () => {
    for (const raw of [undefined, null, 'models', 42, [], { modelsDirs: { a: 1 } }]) {
      expect(parseSettings(raw)).toEqual({ modelsDirs: [] });
    }
  });
});
