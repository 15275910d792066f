import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  addDifference,
  blocks,
  call,
  check,
  defaults,
  merge,
  model,
  param,
  parse,
  plan,
  RecipeError,
  serialize,
  subtract,
  tiesSum,
  weightedSum,
} from '../../src/api/index.js';

const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/mechac.js');
const models = join(root, 'test/fixtures/golden/sd1-tiny/models');
const dir = mkdtempSync(join(tmpdir(), 'mecha-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serialize', () => {
  test('nested calls become one let per call, models declared once', () => {
    const text = serialize(weightedSum(weightedSum('a', 'b', { alpha: 0.5 }), 'c', { alpha: 0.33 }));
    expect(text).toBe(
      'version 1\nmodel a = "a"\nmodel b = "b"\nlet merge1 = weighted_sum(a, b, alpha=0.5)\nmodel c = "c"\n' +
        'let merge2 = weighted_sum(merge1, c, alpha=0.33)\noutput merge2\n',
    );
  });

  test('an object used twice is bound once; names, types and hyper maps are written as .mecha writes them', () => {
    const base = model('v1-5', 'sd1');
    const tuned = { ...model('tuned', 'sd1'), name: 'tuned' };
    const delta = subtract(tuned, base);
    const mix = defaults('sd1', 0.5).pipe(blocks('sd1.unet', { in2: 0.75, 'out*': 0.1 }));
    const text = serialize(addDifference(base, tiesSum(delta, delta, { k: 0.2 }), { alpha: mix }));
    expect(text).toMatch(/model v1_5 +=  *"v1-5" : sd1/);
    expect(text).toMatch(/model tuned += "tuned" : sd1/);
    expect(text).toContain('ties_sum(merge1, merge1, k=0.2)');
    expect(text.replace(/\s+/g, ' ')).toContain('alpha=default(sd1, 0.5) | blocks(sd1.unet, in2=0.75, out*=0.1)');
    expect(text.match(/subtract/g)).toHaveLength(1);
  });

  test('refuses what .mecha cannot say', () => {
    expect(() => serialize(weightedSum('a', 'b', { alpha: Number.NaN }))).toThrow(/not a finite number/);
    expect(() => serialize(call('weighted sum', 'a', 'b'))).toThrow(/not a method name/);
    expect(() => serialize(param('let'))).toThrow(/not a param name/);
  });
});

describe('parse', () => {
  test('gives back a recipe that serializes to the same text', () => {
    const text = serialize(addDifference(model('c', 'sd1'), subtract(model('a', 'sd1'), model('b', 'sd1')), { alpha: blocks('sd1.unet', { mid: 0.5 }) }));
    const recipe = parse(text);
    expect(typeof recipe).toBe('object');
    expect(serialize(recipe)).toBe(text);
  });

  test('reads legacy recipes through their version 1 form', () => {
    const recipe = parse('model "a" "sd1" "base"\nmodel "b" "sd1" "base"\nmerge "weighted_sum" &0 &1 alpha=0.25\n');
    expect(recipe).toMatchObject({ kind: 'merge', method: 'weighted_sum', hypers: { alpha: 0.25 } });
  });

  test('a syntax error is a RecipeError with the diagnostic', () => {
    expect(() => parse('version 1\nlet = \n')).toThrow(RecipeError);
  });
});

describe('check and plan', () => {
  test('the checker reports on a built recipe as on text', () => {
    const report = check(addDifference(model('a', 'sd1'), model('b', 'sd1'), { alpha: 0.5 }), { modelsDirs: [models] });
    expect(report.ok).toBe(false);
    expect(report.report).toContain('delta');
    expect(check(weightedSum('a', 'b'), { modelsDirs: [models] }).ok).toBe(true);
  });

  test('plan lowers a recipe; a missing model is a RecipeError', () => {
    expect(plan(weightedSum('a', 'b'), { modelsDirs: [models] }).keys.length).toBeGreaterThan(10);
    expect(() => plan(weightedSum('a', 'nowhere'), { modelsDirs: [models] })).toThrow(RecipeError);
  });
});

describe('merge', () => {
  test('writes what `mechac run` writes from the serialized text, byte for byte', async () => {
    const recipe = weightedSum(weightedSum('a', 'b', { alpha: 0.5 }), 'c', { alpha: blocks('sd1.unet', { 'in*': 0.2 }).pipe(defaults('sd1', 0.33)) });
    const out = join(dir, 'api.safetensors');
    const summary = await merge(recipe, { output: out, modelsDirs: [models], threads: 0, saveDtype: 'fp32' });
    expect(summary.keys).toBeGreaterThan(10);
    const recipeFile = join(dir, 'api.mecha');
    writeFileSync(recipeFile, serialize(recipe));
    const viaCli = join(dir, 'cli.safetensors');
    const r = spawnSync(process.execPath, [cli, 'run', recipeFile, '-o', viaCli, '--models-dir', models, '--save-dtype', 'fp32', '--no-progress'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toContain('wrote');
    expect(r.status).toBe(0);
    expect(readFileSync(viaCli).equals(readFileSync(out))).toBe(true);
  });
});
