import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { API_METHODS_FILE, apiMethodsSource, camelCase } from '../../scripts/gen-api.js';
import * as api from '../../src/api/index.js';
import { createRegistry } from '../../src/registry/registry.js';

describe('src/api/methods.ts', () => {
  test('is what the registry generates (run `npx tsx scripts/gen-api.ts` when this fails)', () => {
    const text = readFileSync(API_METHODS_FILE, 'utf8');
    expect(text === apiMethodsSource(), 'src/api/methods.ts is stale: run npx tsx scripts/gen-api.ts').toBe(true);
  });

  test('every registered method has its function, which builds a call of that method', () => {
    const exported = api as unknown as Record<string, unknown>;
    for (const method of createRegistry().methods()) {
      const fn = exported[camelCase(method.name)];
      expect(typeof fn, method.name).toBe('function');
      const built = (fn as (...args: unknown[]) => api.MergeRecipe)('a', 'b', { alpha: 0.5 });
      expect(built).toMatchObject({ kind: 'merge', method: method.name, inputs: ['a', 'b'], hypers: { alpha: 0.5 } });
    }
  });
});
