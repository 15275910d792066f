import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ServiceHost } from '../../src/service/api.js';
import { SERVICE_FIXTURES } from './recipes.js';

/** `UPDATE_GOLDEN=1` rewrites the expected files instead of comparing with them (review them in the diff). */
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** The `.mecha` cases of one feature's fixture folder, with their texts (cursor marker included). */
export function featureCases(feature: string): { name: string; source: string; expected: string }[] {
  const dir = join(SERVICE_FIXTURES, feature);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mecha'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.mecha$/, ''),
      source: readFileSync(join(dir, f), 'utf8'),
      expected: join(dir, f),
    }));
}

export function expectGolden(path: string, actual: string): void {
  if (UPDATE) {
    writeFileSync(path, actual, 'utf8');
    return;
  }
  if (!existsSync(path)) throw new Error(`missing ${path}: run the tests with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** What the fixture tests' models directory holds: names as recipes write them, with sizes. */
export const FIXTURE_HOST: ServiceHost = {
  listModels: () => [
    { path: 'dreamshaper_332BakedVaeClipFix', size: 2_132_625_894 },
    { path: 'ghostmix_v20Bakedvae', size: 2_132_625_894 },
    { path: 'sdxl/juggernautXL' },
    { path: 'v1-5-pruned', size: 4_265_146_304 },
  ],
};
