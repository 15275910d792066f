import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DOC, generateSections, REMEDIES, updateDoc } from '../../scripts/gen-docs.js';
import { CATALOG } from '../../src/diagnostics/catalog.js';
import { formatCode } from '../../src/diagnostics/render.js';

const doc = readFileSync(DOC, 'utf8');

describe('docs/language.md', () => {
  test('its generated sections are up to date (run `npx tsx scripts/gen-docs.ts`)', () => {
    expect(updateDoc(doc, generateSections())).toBe(doc);
  });

  test('documents every diagnostic of the catalog, with what to do about it', () => {
    const missing = CATALOG.filter((k) => !doc.includes(`#### ${formatCode(k.code)} \`${k.id}\``)).map((k) => k.id);
    expect(missing).toEqual([]);
    expect(CATALOG.filter((k) => REMEDIES[k.id] === undefined).map((k) => k.id)).toEqual([]);
  });

  test('names every architecture and method of the registry', () => {
    for (const name of ['sd1', 'sdxl', 'sd3', 'flux']) expect(doc).toContain(`### \`${name}\``);
    for (const method of ['weighted_sum', 'add_difference', 'ties_sum', 'convert_singleton', 'fallback']) {
      expect(doc).toContain(`| \`${method}\``);
    }
  });
});
