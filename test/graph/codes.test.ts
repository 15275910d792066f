import { describe, expect, test } from 'vitest';
import { kindById } from '../../src/diagnostics/catalog.js';
import { NAMES } from '../../src/diagnostics/codes/names.js';

describe('name and reference diagnostics', () => {
  test('are in the catalog, with kebab-case ids and codes in 2001..2099', () => {
    for (const kind of Object.values(NAMES)) {
      expect(kindById(kind.id)).toBe(kind);
      expect(kind.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(kind.code).toBeGreaterThanOrEqual(2001);
      expect(kind.code).toBeLessThanOrEqual(2099);
      expect(kind.template, kind.id).not.toMatch(/\.$/);
      expect(kind.template[0], kind.id).not.toMatch(/[A-Z]/);
    }
  });
});
