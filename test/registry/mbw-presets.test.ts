import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { MBW_PRESET_NAMES, mbwPresetName, mbwPresetValues } from '../../src/registry/mbw-presets.js';
import { check } from '../../src/typecheck/check.js';
import { atCursor, REGISTRY, URI } from '../service/cursor.js';

const unet = (values: readonly number[]) => values.slice(1);
/** sdxl's 19 unet slots, IN00..OUT08, evenly on [0, 1]. */
const sdxlPoints = Array.from({ length: 19 }, (_, k) => k / 18);

describe('SuperMerger block-weight presets', () => {
  test("SuperMerger's 38 presets, 26 weights each for sd1, 20 for sdxl", () => {
    expect(MBW_PRESET_NAMES).toHaveLength(38);
    for (const name of MBW_PRESET_NAMES) {
      expect(mbwPresetValues(name, 26)).toHaveLength(26);
      expect(mbwPresetValues(name, 20)).toHaveLength(20);
    }
    expect(mbwPresetValues('GRAD_V', 12)).toBeUndefined();
    expect(mbwPresetName('grad_v')).toBe('GRAD_V');
    expect(mbwPresetName('GRAD_X')).toBeUndefined();
  });

  test('sd1 values are SuperMerger’s', () => {
    expect(mbwPresetValues('WRAP08', 26)).toEqual([0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(mbwPresetValues('GRAD_V', 26)![13]).toBe(0); // M00
  });

  test('sdxl curves are the same curve at 19 points: exact for linear ones, close for smooth ones', () => {
    const close = (name: string, f: (t: number) => number, tolerance: number) => {
      const values = mbwPresetValues(name, 20)!;
      expect(values[0]).toBe(mbwPresetValues(name, 26)![0]); // BASE stays
      unet(values).forEach((v, k) => expect(Math.abs(v - f(sdxlPoints[k]!))).toBeLessThan(tolerance));
    };
    close('GRAD_V', (t) => Math.abs(1 - 2 * t), 1e-9);
    close('GRAD_A', (t) => 1 - Math.abs(1 - 2 * t), 1e-9);
    close('FLAT_25', () => 0.25, 1e-12);
    close('SMOOTHSTEP', (t) => 3 * t * t - 2 * t * t * t, 0.002);
    close('COSINE', (t) => (1 + Math.cos(Math.PI * t)) / 2, 0.002);
    close('REVERSE_COSINE', (t) => (1 - Math.cos(Math.PI * t)) / 2, 0.002);
  });

  test('sdxl block ranges take the analogous blocks: IN00..IN08 as sd1, OUT00..OUT08 as sd1 OUT03..OUT11', () => {
    const xl = (name: string) => mbwPresetValues(name, 20)!.join(',');
    //                       BASE IN00..IN08        M00 OUT00..OUT08
    expect(xl('WRAP08')).toBe('0,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1');
    expect(xl('OUT12')).toBe('0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1');
    expect(xl('MID12_50')).toBe('0,0,0,0,0,0,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0,0,0,0,0,0');
    expect(xl('ALL_B')).toBe(Array(20).fill(1).join(','));
    // Every range preset keeps its values to 0, 0.5 and 1.
    for (const name of ['WRAP12', 'WRAP16', 'OUT07', 'OUT12_5', 'RING08_SOFT', 'RING10_3']) {
      for (const v of mbwPresetValues(name, 20)!) expect([0, 0.5, 1]).toContain(v);
    }
  });
});

describe('presets in recipes', () => {
  const errorsOf = (text: string) => check(parse(text).document, REGISTRY, undefined, { text }).diagnostics.filter((d) => d.severity === 'error');
  const recipe = (arch: string, list: string) =>
    `version 1\nmodel a = "a" : ${arch}\nmodel b = "b" : ${arch}\nlet out = weighted_sum(a, b, alpha=mbw(${arch}, "${list}"))\n`;

  test('mbw(sd1, "GRAD_V") and mbw(sdxl, "SMOOTHSTEP*2") check; a misspelt name suggests the preset', () => {
    expect(errorsOf(recipe('sd1', 'GRAD_V'))).toEqual([]);
    expect(errorsOf(recipe('sdxl', 'SMOOTHSTEP*2'))).toEqual([]);
    const [error] = errorsOf(recipe('sd1', 'GRAD_W'));
    expect(error?.id).toBe('mbw-invalid-value');
    expect(error?.help).toBe("did you mean the preset 'GRAD_V'?");
  });

  test('completed in the list of mbw(...), with the weights for the architecture', () => {
    const { service, offset } = atCursor('version 1\nmodel a = "a" : sdxl\nmodel b = "b" : sdxl\nlet out = weighted_sum(a, b, alpha=mbw(sdxl, "GR<|>"))\n');
    const items = service.completions(URI, offset);
    const grad = items.find((i) => i.label === 'GRAD_V');
    expect(grad?.documentation).toContain('SuperMerger preset **GRAD_V** for sdxl (20 weights)');
    expect(grad?.documentation).toContain('M00=0 ');
    expect(items.map((i) => i.label)).toContain('WRAP08');
    const bare = atCursor('version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b, alpha=mbw(sd1, <|>))\n');
    const item = bare.service.completions(URI, bare.offset).find((i) => i.label === 'COSINE');
    expect(item?.insertText).toBe('"COSINE"');
  });

  test('hovered', () => {
    const { service, offset } = atCursor(recipe('sd1', 'WRAP<|>08'));
    const markdown = service.hover(URI, offset)?.markdown;
    expect(markdown).toContain('SuperMerger preset **WRAP08** for sd1 (26 weights)');
    expect(markdown).toContain('IN03=1 IN04=0');
  });
});
