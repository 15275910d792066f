import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { blocks, merge, model, ProjectConfigError, weightedSum } from '../../src/api/index.js';
import { findProjectConfig, loadProjectConfig } from '../../src/project/config.js';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';

/** A project with its own architecture (a toy network, not Stable Diffusion) and models directory. */
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/mechac.js');
const dir = mkdtempSync(join(tmpdir(), 'mecha-project-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARCH = `format: mecha-architecture/1
id: toynet
description: a two-stage toy network
components:
  - name: body
    prefix: net
    blocks:
      in0: embed
      in*: stages.*
      head: head
keys:
  - { name: net.embed.weight, shape: [2, 3], dtype: F32 }
  - { name: net.stages.0.weight, shape: [3], dtype: F32 }
  - { name: net.stages.1.weight, shape: [3], dtype: F32 }
  - { name: net.head.weight, shape: [2], dtype: F32 }
`;
const SHAPES: Record<string, number[]> = {
  'net.embed.weight': [2, 3],
  'net.stages.0.weight': [3],
  'net.stages.1.weight': [3],
  'net.head.weight': [2],
};

/** A safetensors file whose every element is `value`. */
function writeModel(path: string, value: number): void {
  const header: Record<string, unknown> = {};
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, shape] of Object.entries(SHAPES)) {
    const count = shape.reduce((a, b) => a * b, 1);
    const data = Buffer.from(new Float32Array(count).fill(value).buffer);
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.length] };
    chunks.push(data);
    offset += data.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(path, Buffer.concat([size, Buffer.from(json), ...chunks]));
}

function project(name: string, config: string): string {
  const at = join(dir, name);
  mkdirSync(join(at, 'models'), { recursive: true });
  mkdirSync(join(at, 'recipes'), { recursive: true });
  writeFileSync(join(at, 'toynet.yaml'), ARCH);
  writeFileSync(join(at, 'mecha.config.json'), config);
  writeModel(join(at, 'models', 'a.safetensors'), 0);
  writeModel(join(at, 'models', 'b.safetensors'), 1);
  return at;
}

const GOOD = '{\n  "architectures": { "toynet": "toynet.yaml" },\n  "modelsDirs": ["models"]\n}\n';

function values(file: string): Record<string, number[]> {
  const f = SafetensorsFile.open(file);
  try {
    return Object.fromEntries([...f.entries.keys()].map((k) => [k, [...f.readFloat64(k)]]));
  } finally {
    f.close();
  }
}

/**
 * in0 (the embedding) takes a, in1 (stage 1) b, the head half of each. Stage 0 is in no block: as in sd-mecha, the
 * explicit `in0` entry made that block first and the wildcard does not add to it, so it takes the method's default.
 */
const EXPECTED = {
  'net.embed.weight': [0, 0, 0, 0, 0, 0],
  'net.stages.0.weight': [0.5, 0.5, 0.5],
  'net.stages.1.weight': [1, 1, 1],
  'net.head.weight': [0.5, 0.5],
};

describe('mecha.config.json', () => {
  test('is found from a folder upward', () => {
    const at = project('find', GOOD);
    expect(findProjectConfig(join(at, 'recipes'))).toBe(join(at, 'mecha.config.json'));
  });

  test('a user architecture merges with block weights from the CLI, models found through the configuration', () => {
    const at = project('cli', GOOD);
    const recipe = join(at, 'recipes', 'mix.mecha');
    writeFileSync(
      recipe,
      'version 1\nmodel a = "a" : toynet\nmodel b = "b" : toynet\nlet out = weighted_sum(a, b, alpha=blocks(toynet.body, in0=0, in1=1, head=0.5))\n',
    );
    const out = join(at, 'out.safetensors');
    const r = spawnSync(process.execPath, [cli, 'run', recipe, '-o', out, '--no-progress'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toContain('wrote');
    expect(r.status).toBe(0);
    expect(values(out)).toEqual(EXPECTED);
  });

  test('mechac check and mechac info read it too', () => {
    const at = project('check', GOOD);
    const recipe = join(at, 'recipes', 'ok.mecha');
    writeFileSync(recipe, 'version 1\nmodel a = "a" : toynet\nmodel b = "b" : toynet\nlet out = weighted_sum(a, b, alpha=blocks(toynet.body, in1=1))\n');
    const checked = spawnSync(process.execPath, [cli, 'check', recipe], { encoding: 'utf8', timeout: 60_000 });
    expect(checked.stdout).toContain('0 errors');
    expect(checked.status).toBe(0);
    const info = spawnSync(process.execPath, [cli, 'info', 'toynet'], { cwd: join(at, 'recipes'), encoding: 'utf8', timeout: 60_000 });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toContain('in1');
    expect(info.stdout).toContain('head');
  });

  test('the library reads the same configuration', async () => {
    const at = project('api', GOOD);
    const out = join(at, 'out.safetensors');
    const a = model('a', 'toynet');
    const recipe = weightedSum(a, model('b', 'toynet'), { alpha: blocks('toynet.body', { in0: 0, in1: 1, head: 0.5 }) });
    await merge(recipe, { output: out, recipeDir: at, threads: 0 });
    expect(values(out)).toEqual(EXPECTED);
  });

  test('mistakes are reported with file and line, and stop the run', async () => {
    const at = project('bad', '{\n  "architectures": { "toynet": "toynet.yaml" },\n  "modelDirs": ["models"]\n}\n');
    const loaded = loadProjectConfig(join(at, 'mecha.config.json'));
    expect(loaded.problems).toMatchObject([{ line: 3, path: 'modelDirs', message: expect.stringContaining('unknown field') }]);
    await expect(merge(weightedSum(model('a', 'toynet'), model('b', 'toynet')), { output: join(at, 'x.safetensors'), recipeDir: at })).rejects.toThrow(
      ProjectConfigError,
    );
    writeFileSync(join(at, 'mecha.config.json'), '{ "architectures": { "sd1": "toynet.yaml", "other": "toynet.yaml" } }');
    const wrong = loadProjectConfig(join(at, 'mecha.config.json'));
    expect(wrong.problems.map((p) => p.message)).toEqual([
      expect.stringContaining("'sd1' is a built-in architecture"),
      expect.stringContaining("describes 'toynet', not 'other'"),
    ]);
    writeFileSync(join(at, 'mecha.config.json'), '{ "architectures": { "toynet": "toynet.yaml", "toynet": "toynet.yaml" } }');
    expect(loadProjectConfig(join(at, 'mecha.config.json')).problems[0]).toMatchObject({ line: 1 });
  });
});
