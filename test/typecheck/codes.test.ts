import { describe, expect, test } from 'vitest';
import { kindById } from '../../src/diagnostics/catalog.js';
import { CHECK } from '../../src/diagnostics/codes/check.js';

describe('checker diagnostic kinds', () => {
  test('are in the catalog, found by their ids', () => {
    for (const kind of Object.values(CHECK)) expect(kindById(kind.id)).toBe(kind);
  });

  test('use 3xxx for types and signatures, 4xxx for architectures, 5xxx for files', () => {
    for (const kind of Object.values(CHECK)) {
      expect(kind.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect([3, 4, 5]).toContain(Math.floor(kind.code / 1000));
      expect(kind.code % 1000, kind.id).toBeGreaterThan(0);
      expect(kind.code % 1000, kind.id).toBeLessThan(100);
    }
  });

  test('have lowercase messages without a final period', () => {
    for (const kind of Object.values(CHECK)) {
      expect(kind.template, kind.id).not.toMatch(/\.$/);
      expect(kind.template[0], kind.id).not.toMatch(/[A-Z]/);
    }
  });
});
