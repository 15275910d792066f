import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createFileHost } from '../../src/merge/models-dirs.js';
import { parse } from '../../src/parser/parse.js';
import { createRegistry } from '../../src/registry/index.js';
import { check } from '../../src/typecheck/check.js';

/** Suggestions that know where a newcomer comes from: SuperMerger's block names, sd-mecha's Python helpers. */
const registry = createRegistry();
const host = createFileHost({ modelsDirs: [join(import.meta.dirname, '../fixtures/golden')] });
const diagnosticsOf = (text: string) => check(parse(text).document, registry, host, { text }).diagnostics.filter((d) => d.severity === 'error');
const applyFix = (text: string, fix: { edits: readonly { span: { start: number; end: number }; newText: string }[] }) =>
  fix.edits.reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);

describe('SuperMerger block names', () => {
  test.each([
    ['sd1', 'IN03', 'in3'],
    ['sd1', 'OUT05', 'out5'],
    ['sd1', 'M00', 'mid'],
    ['sdxl', 'IN08', 'in8'],
    ['sdxl', 'OUT00', 'out0'],
  ])('%s: %s suggests %s', (arch, written, block) => {
    const text = `version 1\nmodel a = "a" : ${arch}\nmodel b = "b" : ${arch}\nlet out = weighted_sum(a, b, alpha=blocks(${arch}.unet, ${written}=0.5))\n`;
    const [error] = diagnosticsOf(text);
    expect(error?.help).toMatch(new RegExp(`^did you mean '${block}'\\?`));
    expect(applyFix(text, error!.fixes![0]!)).toContain(`blocks(${arch}.unet, ${block}=0.5)`);
  });

  test("sdxl's IN11 is out of range, not a typo of in1", () => {
    const [error] = diagnosticsOf('version 1\nmodel a = "a" : sdxl\nmodel b = "b" : sdxl\nlet out = weighted_sum(a, b, alpha=blocks(sdxl.unet, IN11=0.5))\n');
    expect(error?.help).not.toContain('did you mean');
    expect(error?.fixes ?? []).toEqual([]);
  });
});

describe("sd-mecha's API helpers", () => {
  const models = 'version 1\nmodel base = "sd1-tiny/models/a"\nmodel x = "sd1-tiny/models/b"\nmodel y = "sd1-tiny/models/c"\n';

  test.each([
    ['add_difference_ties(base, x, y, alpha=0.5, k=0.3)', 'add_difference(base, ties_sum(subtract(x, base), subtract(y, base), k=0.3), alpha=0.5)'],
    ['add_perpendicular(x, y, base, alpha=0.4)', 'add_difference(x, perpendicular_component(subtract(x, base), subtract(y, base)), alpha=0.4)'],
    ['model_stock_n_models(base, x, y)', 'add_difference(base, model_stock(subtract(x, base), subtract(y, base)), alpha=1.0)'],
    ['ties_with_dare(base, x, y, k=0.5, seed=1)', 'add_difference(base, ties_sum_with_dropout(subtract(x, base), subtract(y, base), k=0.5, seed=1), alpha=0.5)'],
    ['copy_region(x, y, base, width=0.3)', 'add_difference(base, tensor_sum(subtract(x, base), subtract(y, base), width=0.3), alpha=1.0)'],
    ['cosine_add_b(x, y, alpha=0.2)', 'add_cosine_b(x, y, alpha=0.2)'],
  ])('%s is offered as the composition it stands for, which checks', (call, composition) => {
    const text = `${models}let out = ${call}\n`;
    const [error] = diagnosticsOf(text);
    expect(error?.help).toContain("a helper of sd-mecha's Python API");
    const fixed = applyFix(text, error!.fixes![0]!);
    expect(fixed).toBe(`${models}let out = ${composition}\n`);
    expect(diagnosticsOf(fixed)).toEqual([]);
  });
});

describe('the architecture quick fix', () => {
  test('offered when the fixed model agrees with the others', () => {
    const text = 'version 1\nmodel a = "sdxl-tiny/models/a" : sd1\nmodel b = "sdxl-tiny/models/b"\nlet out = weighted_sum(a, b)\n';
    const [error] = diagnosticsOf(text);
    expect(error?.id).toBe('header-architecture-mismatch');
    const fixed = applyFix(text, error!.fixes![0]!);
    expect(fixed).toContain('model a = "sdxl-tiny/models/a" : sdxl');
    expect(diagnosticsOf(fixed)).toEqual([]);
  });

  test('not offered when it would lead into a mixed-architecture error', () => {
    const [error] = diagnosticsOf('version 1\nmodel a = "sd1-tiny/models/a" : sd1\nmodel b = "sdxl-tiny/models/b" : sd1\nlet out = weighted_sum(a, b)\n');
    expect(error?.id).toBe('header-architecture-mismatch');
    expect(error?.fixes ?? []).toEqual([]);
    expect(error?.help).toBe("the recipe's other models are sd1: this file does not belong in it; choose an sd1 file");
  });
});
