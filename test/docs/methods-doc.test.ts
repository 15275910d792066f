import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { METHOD_EXAMPLES } from '../../src/registry/methods/examples.js';
import { renderMethodReference } from '../../src/registry/methods/markdown.js';
import { createRegistry } from '../../src/registry/registry.js';
import { hyperFacts } from '../../src/registry/methods/describe.js';
import { runInfo } from '../../src/cli/commands/info.js';
import { methodReference } from '../../scripts/gen-method-docs.js';

const registry = createRegistry();
const DOC = join(import.meta.dirname, '../../docs/methods.md');

describe('docs/methods.md', () => {
  test('is what the registry renders (run `npx tsx scripts/gen-method-docs.ts` when this fails)', () => {
    const text = readFileSync(DOC, 'utf8');
    expect(text === methodReference(), 'docs/methods.md is stale: run npx tsx scripts/gen-method-docs.ts').toBe(true);
  });

  test('has a section per method with its signature facts, doc and example, in registry order', () => {
    const text = renderMethodReference(registry.methods(), METHOD_EXAMPLES);
    let at = 0;
    for (const m of registry.methods()) {
      const start = text.indexOf(`\n### ${m.name}\n`, at);
      expect(start, m.name).toBeGreaterThan(at - 1);
      const next = text.indexOf('\n### ', start + 1);
      const section = text.slice(start, next < 0 ? undefined : next);
      expect(section, m.name).toContain(m.doc);
      for (const h of m.hypers.map(hyperFacts)) {
        const row = section.split('\n').find((l) => l.startsWith(`| \`${h.name}\` |`));
        expect(row, `${m.name}.${h.name}`).toBeDefined();
        expect(row, `${m.name}.${h.name}`).toContain(` ${h.default} `);
        expect(row, `${m.name}.${h.name}`).toContain(h.perKey ? ' yes ' : ' no ');
        if (h.legacyDefault !== undefined) expect(row, `${m.name}.${h.name}`).toContain(` ${h.legacyDefault} `);
      }
      for (const line of METHOD_EXAMPLES.get(m.name) ?? []) expect(section, m.name).toContain(`\n${line}\n`);
      at = start + 1;
    }
  });

  test('shows the legacy default only where it differs', () => {
    const text = renderMethodReference(registry.methods(), METHOD_EXAMPLES);
    const ties = text.slice(text.indexOf('\n### ties_sum\n'), text.indexOf('\n### ties_sum_extended\n'));
    expect(ties).toContain('| hyperparameter | type | default | sd-mecha 0.0.x default | range | per key | meaning |');
    expect(ties).toContain('| `k` | number | 1.0 | 0.2 | [0, 1] | yes |');
    const ws = text.slice(text.indexOf('\n### weighted_sum\n'), text.indexOf('\n### n_average\n'));
    expect(ws).not.toContain('sd-mecha 0.0.x default');
  });
});

describe('mechac info --methods', () => {
  test('prints the same facts: spaces, every hyperparameter with its default and range, the example', () => {
    let out = '';
    expect(runInfo(registry, undefined, { methods: true }, { out: (t) => (out += t), err: () => undefined })).toBe(0);
    const flat = out.replace(/\n {4,6}(?=\S)/g, ' ');
    for (const m of registry.methods()) {
      const start = out.indexOf(`\n${m.name}(`);
      expect(start, m.name).toBeGreaterThan(-1);
      for (const h of m.hypers.map(hyperFacts)) {
        const facts = [h.type, `default ${h.default}`, ...(h.legacyDefault ? [`sd-mecha 0.0.x default ${h.legacyDefault}`] : []), ...(h.range ? [`range ${h.range}`] : [])];
        expect(flat, `${m.name}.${h.name}`).toContain(`${h.name} (${facts.join(', ')}, ${h.perKey ? 'per key' : 'one value'})`);
      }
      for (const line of METHOD_EXAMPLES.get(m.name) ?? []) expect(out, m.name).toContain(`      ${line}\n`);
    }
    expect(out).toContain('spaces: a: delta -> delta\n');
  });
});
