import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';

/**
 * The package as a user gets it: `npm pack` of the built tree, installed from the tarball into an empty project
 * (from npm's cache where it has the dependencies), then imported, compiled against and run. The seed's README
 * example (two nested weighted sums) must give the numbers sd-mecha gave (test/fixtures/golden/api-seed).
 */
const root = join(import.meta.dirname, '../..');
const models = join(root, 'test/fixtures/golden/sd1-tiny/models');
const expected = join(root, 'test/fixtures/golden/api-seed/expected.safetensors');
const tsc = join(root, 'node_modules/.bin/tsc');
const dir = mkdtempSync(join(tmpdir(), 'mecha-package-'));
const project = join(dir, 'project');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000 });
}

beforeAll(() => {
  // The tree is built before the tests run (bin/mechac.js needs it too); packing must not rebuild it.
  const packed = run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], root);
  expect(packed.status, packed.stderr).toBe(0);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-mecha', version: '1.0.0', type: 'module', private: true }));
  const installed = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)], project);
  expect(installed.status, installed.stderr).toBe(0);
}, 400_000);

describe('the packed package', () => {
  test("the seed's example through the library gives sd-mecha's numbers", () => {
    writeFileSync(
      join(project, 'seed.mjs'),
      `import { merge, weightedSum } from 'mecha';
const recipe = weightedSum(weightedSum('a', 'b', { alpha: 0.5 }), 'c', { alpha: 0.33 });
const summary = await merge(recipe, { output: 'merged.safetensors', modelsDirs: [${JSON.stringify(models)}], saveDtype: 'fp32', threads: 1 });
console.log(summary.keys);
`,
    );
    const r = run(process.execPath, ['seed.mjs'], project);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ours = SafetensorsFile.open(join(project, 'merged.safetensors'));
    const theirs = SafetensorsFile.open(expected);
    try {
      expect([...ours.entries.keys()].sort()).toEqual([...theirs.entries.keys()].sort());
      let worst = 0;
      for (const key of theirs.entries.keys()) {
        const a = ours.readFloat64(key);
        const b = theirs.readFloat64(key);
        expect(a.length).toBe(b.length);
        for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      }
      expect(worst).toBeLessThan(1e-6);
    } finally {
      ours.close();
      theirs.close();
    }
  });

  test('npx mechac runs the bundled CLI', () => {
    const r = run('npx', ['--no-install', 'mechac', '--version'], project);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\d+\.\d+\.\d+/);
  });

  test('types: a correct program compiles, each misuse is a compile error on its line', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, target: 'es2022', types: [] } }),
    );
    writeFileSync(
      join(project, 'ok.ts'),
      `import { addDifference, blocks, defaults, merge, model, subtract, weightedSum } from 'mecha';
const mix = weightedSum(weightedSum('ghostmix', 'deliberate', { alpha: 0.5 }), 'dreamshaper', { alpha: 0.33 });
const tuned = addDifference('base', subtract(model('a', 'sd1'), 'b'), { alpha: defaults('sd1', 0.5).pipe(blocks('sd1.unet', { in2: 1 })) });
export const runs = [merge(mix, { output: 'x.safetensors' }), merge(tuned, { output: 'y.safetensors' })];
`,
    );
    const misuses = [
      "addDifference('base', 'other');",
      "weightedSum('a', 'b', { alpah: 0.5 });",
      "weightedSum('a', 'b', { alpha: 'half' });",
      "weightedSum('a');",
      "tiesSum(subtract('a', 'b'), 'c');",
    ];
    writeFileSync(
      join(project, 'misuse.ts'),
      `import { addDifference, subtract, tiesSum, weightedSum } from 'mecha';\n${misuses.join('\n')}\n`,
    );
    const r = run(tsc, ['-p', '.'], project);
    expect(r.stdout).not.toContain('ok.ts');
    const lines = [...r.stdout.matchAll(/^misuse\.ts\((\d+),\d+\): error/gm)].map((m) => Number(m[1]));
    expect(lines).toEqual(misuses.map((_, i) => i + 2));
  });
});
