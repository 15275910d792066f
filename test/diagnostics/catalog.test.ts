import { describe, expect, test } from 'vitest';
import { CATALOG, kindById } from '../../src/diagnostics/catalog.js';
import { SYNTAX } from '../../src/diagnostics/codes/syntax.js';

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const twice = new Set<T>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}

describe('diagnostic catalog', () => {
  test('ids are unique across the whole catalog', () => {
    expect(duplicates(CATALOG.map((k) => k.id))).toEqual([]);
  });

  test('codes are unique across the whole catalog', () => {
    expect(duplicates(CATALOG.map((k) => k.code))).toEqual([]);
  });

  test('every syntax kind is in the catalog and found by its id', () => {
    for (const kind of Object.values(SYNTAX)) expect(kindById(kind.id)).toBe(kind);
  });

  test('syntax ids are kebab-case and codes lie in 1001..1099', () => {
    for (const kind of Object.values(SYNTAX)) {
      expect(kind.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(kind.code).toBeGreaterThanOrEqual(1001);
      expect(kind.code).toBeLessThanOrEqual(1099);
    }
  });

  test('syntax messages are lowercase phrases without a final period', () => {
    for (const kind of Object.values(SYNTAX)) {
      expect(kind.template, kind.id).not.toMatch(/\.$/);
      expect(kind.template[0], kind.id).not.toMatch(/[A-Z]/);
    }
  });
});
