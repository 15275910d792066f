import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ArchitectureData } from '../../src/registry/architecture-data.js';
import { createRegistry } from '../../src/registry/index.js';
import type { MethodSignature } from '../../src/registry/methods/signature.js';
import { CHECK_DIR, checkText } from './baseline.js';

/**
 * sd-mecha 1.x writes block weights as a literal of the `sd1-supermerger_blocks` config converted by
 * `convert_sd1_blocks_to_ldm`. The built-in registry does not have them yet (the fixture's baseline shows the two
 * errors); a registry that adds them, as a user's own files would, makes the recipe check clean.
 */
const SLOTS = ['BASE', ...Array.from({ length: 12 }, (_, i) => `IN${String(i).padStart(2, '0')}`), 'M00', ...Array.from({ length: 12 }, (_, i) => `OUT${String(i).padStart(2, '0')}`)];

const supermergerBlocks: ArchitectureData = {
  format: 'mecha-architecture/1',
  id: 'sd1-supermerger',
  description: "SuperMerger's 26 block weights of sd1, one value each",
  components: [],
  config: { id: 'sd1-supermerger_blocks', components: ['blocks'] },
  keys: SLOTS.map((slot) => [slot, [], 'F32', 'blocks'] as const),
};

const convert: MethodSignature = {
  name: 'convert_sd1_blocks_to_ldm',
  aliases: [],
  family: 'helpers',
  models: [{ name: 'blocks', space: 'param', config: 'sd1-supermerger_blocks' }],
  returns: 'param',
  hypers: [],
  doc: "Spreads SuperMerger's block weights over the keys of sd1-ldm, each key taking its block's value.",
};

describe('sd-mecha 1.x SuperMerger block weights', () => {
  const text = readFileSync(join(CHECK_DIR, 'legacy-0.1.0-supermerger-blocks.mecha'), 'utf8');

  test('the built-in registry does not know the config and the conversion yet', () => {
    expect(checkText(text).diagnostics.map((d) => d.code)).toEqual([4013, 3001]);
  });

  test('with them, the recipe checks clean', () => {
    const registry = createRegistry({ architectures: [supermergerBlocks], methods: [convert] });
    expect(checkText(text, {}, registry).diagnostics).toEqual([]);
  });

  test('and a slot the config lacks is reported', () => {
    const registry = createRegistry({ architectures: [supermergerBlocks], methods: [convert] });
    const diagnostics = checkText(text.replace('IN11=0.0', 'IN12=0.0'), {}, registry).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([[4018, "sd1-supermerger_blocks has no key 'IN12'"]]);
  });
});
