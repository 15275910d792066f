import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';
import { SafetensorsWriter } from '../../src/runtime/safetensors/writer.js';

/**
 * `mechac run` as a user meets it: the built CLI in a child process, on the tiny golden models, with the bad inputs
 * a real run can meet. Each failure must name the file (and key), exit non-zero, leave nothing at the output path
 * and leave the inputs as they were.
 */
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/mechac.js');
const golden = join(root, 'test/fixtures/golden/sd1-tiny/models');
const dir = mkdtempSync(join(tmpdir(), 'mecha-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mechac(args: string[], cwd = dir): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function recipe(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A models folder with copies of the golden models, so tests may break them without touching the fixtures. */
function modelsDir(name: string): string {
  const models = join(dir, name);
  mkdirSync(models, { recursive: true });
  for (const m of ['a', 'b', 'c']) copyFileSync(join(golden, `${m}.safetensors`), join(models, `${m}.safetensors`));
  return models;
}

const WS = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b, alpha=0.3)\n';

function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.endsWith('.tmp'));
}

describe('mechac run', () => {
  test('merges, embeds the recipe, and prints one summary line when not on a terminal', () => {
    const models = modelsDir('ok');
    const out = join(dir, 'ok.safetensors');
    const r = mechac(['run', recipe('ok.mecha', WS), '-o', out, '--models-dir', models]);
    expect(r.stderr).toMatch(/^wrote .*ok\.safetensors: 1143 keys, .* in .*s \(.*\/s, \d+ threads?, peak memory .*\)\n$/);
    expect(r.status).toBe(0);
    const file = SafetensorsFile.open(out);
    expect(file.metadata['mecha_recipe']).toContain('weighted_sum(a, b, alpha=0.3)');
    expect(file.entry('model.diffusion_model.out.2.weight').dtype).toBe('F16'); // keeps the inputs' dtype
    expect(file.entry('cond_stage_model.transformer.text_model.embeddings.position_ids').dtype).toBe('I64');
    file.close();
    expect(mechac(['recipe', out]).stdout).toContain('weighted_sum(a, b, alpha=0.3)');
  });

  test('same output bytes whatever the thread count', () => {
    const models = modelsDir('threads');
    const r = recipe('threads.mecha', WS.replace('weighted_sum(a, b, alpha=0.3)', 'add_difference(a, subtract(b, c), alpha=0.5)').replace('model b', 'model c = "c" : sd1\nmodel b'));
    const outputs = [1, 2, 3].map((t) => {
      const out = join(dir, `threads-${t}.safetensors`);
      expect(mechac(['run', r, '-o', out, '--models-dir', models, '--threads', String(t), '--save-dtype', 'fp32']).status).toBe(0);
      return readFileSync(out);
    });
    expect(outputs[1]!.equals(outputs[0]!)).toBe(true);
    expect(outputs[2]!.equals(outputs[0]!)).toBe(true);
  });

  test('a recipe ending in to_lora writes a kohya LoRA in the save dtype', () => {
    const models = modelsDir('to-lora');
    const out = join(dir, 'extracted.safetensors');
    const text = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = to_lora(subtract(b, a), rank=4)\n';
    const r = mechac(['run', recipe('to-lora.mecha', text), '-o', out, '--models-dir', models, '--save-dtype', 'fp16']);
    expect(r.stderr).toMatch(/wrote LoRA .*extracted\.safetensors: \d+ modules \(rank 4\)/);
    expect(r.status).toBe(0);
    const file = SafetensorsFile.open(out);
    const names = [...file.entries.keys()];
    expect(names.every((n) => /^lora_(unet|te)_\w+\.(lora_up\.weight|lora_down\.weight|alpha)$/.test(n))).toBe(true);
    expect(new Set(names.map((n) => file.entry(n).dtype))).toEqual(new Set(['F16']));
    expect(file.metadata['ss_network_dim']).toBe('4');
    file.close();
  });

  test('a recipe with errors stops before reading any weight, with code frames', () => {
    const models = modelsDir('bad-recipe');
    const out = join(dir, 'bad.safetensors');
    const r = mechac(['run', recipe('bad.mecha', WS.replace('weighted_sum', 'weigted_sum')), '-o', out, '--models-dir', models]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('weighted_sum');
    expect(r.stderr).toMatch(/bad\.mecha:4:\d+/);
    expect(existsSync(out)).toBe(false);
  });

  test('a missing model file is an error for run', () => {
    const out = join(dir, 'missing-model.safetensors');
    mkdirSync(join(dir, 'empty'), { recursive: true });
    const r = mechac(['run', recipe('missing.mecha', WS), '-o', out, '--models-dir', join(dir, 'empty')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/"a"|'a'|a\b/);
    expect(existsSync(out)).toBe(false);
  });

  test('a truncated input names the file, exits 1 and leaves no output', () => {
    const models = modelsDir('truncated');
    const b = join(models, 'b.safetensors');
    const bytes = readFileSync(b);
    writeFileSync(b, bytes.subarray(0, bytes.length - 100));
    const out = join(dir, 'truncated-out.safetensors');
    const r = mechac(['run', recipe('truncated.mecha', WS), '-o', out, '--models-dir', models]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('b.safetensors');
    expect(r.stderr).toMatch(/truncat|shorter|past the end/i);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  test('a key whose shape differs between two models names the key and both files', () => {
    const models = modelsDir('shapes');
    const key = 'model.diffusion_model.input_blocks.1.0.in_layers.0.weight';
    rewrite(join(models, 'b.safetensors'), (name, shape) => (name === key ? [shape[0]! + 1] : shape));
    const out = join(dir, 'shapes-out.safetensors');
    const r = mechac(['run', recipe('shapes.mecha', WS), '-o', out, '--models-dir', models]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(key);
    expect(r.stderr).toContain('b.safetensors');
    expect(existsSync(out)).toBe(false);
  });

  test('a model missing a key the recipe merges names the file and the key', () => {
    const models = modelsDir('missing-key');
    const key = 'model.diffusion_model.middle_block.1.proj_out.weight';
    rewrite(join(models, 'b.safetensors'), (name, shape) => (name === key ? undefined : shape));
    const out = join(dir, 'missing-key-out.safetensors');
    const r = mechac(['run', recipe('missing-key.mecha', WS), '-o', out, '--models-dir', models]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(key);
    expect(r.stderr).toContain('b.safetensors');
    expect(existsSync(out)).toBe(false);
  });

  test('refuses an output path equal to an input, and leaves the input untouched', () => {
    const models = modelsDir('same');
    const a = join(models, 'a.safetensors');
    const before = readFileSync(a);
    const r = mechac(['run', recipe('same.mecha', WS), '-o', a, '--models-dir', models]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is the input/);
    expect(readFileSync(a).equals(before)).toBe(true);
  });

  test('an unwritable output folder is a clear error', () => {
    const models = modelsDir('unwritable');
    const r = mechac(['run', recipe('unwritable.mecha', WS), '-o', join(dir, 'no', 'such', 'folder', 'out.safetensors'), '--models-dir', models]);
    expect(r.status).toBe(2); // said before any work
    expect(r.stderr).toMatch(/no[/\\]such[/\\]folder/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('-p fills a template\'s params before running; an unfilled param is an error', () => {
    const models = modelsDir('params');
    const template = recipe('template.mecha', 'version 1\nmodel base = "a" : sd1\nparam style : sd1\n\nlet out = add_difference(base, subtract(style, base), alpha=0.6)\n');
    const out = join(dir, 'template.safetensors');
    const unfilled = mechac(['run', template, '-o', out, '--models-dir', models]);
    expect(unfilled.status).toBe(1);
    expect(unfilled.stderr).toMatch(/param 'style' has no value/);
    expect(existsSync(out)).toBe(false);
    const filled = mechac(['run', template, '-o', out, '--models-dir', models, '-p', 'style=b']);
    expect(filled.status).toBe(0);
    const file = SafetensorsFile.open(out);
    expect(file.metadata['mecha_recipe']).toContain('model style = "b" : sd1');
    file.close();
    const typo = mechac(['run', template, '-o', out, '--models-dir', models, '-p', 'styl=b']);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toMatch(/did you mean 'style'/);
  });

  test('usage errors exit 2', () => {
    expect(mechac(['run', join(dir, 'no-such-recipe.mecha'), '-o', join(dir, 'x.safetensors')]).status).toBe(2);
    expect(mechac(['run', recipe('u.mecha', WS), '-o', join(dir, 'x.safetensors'), '--threads', 'many']).status).toBe(2);
    expect(mechac(['run', recipe('u2.mecha', WS), '-o', join(dir, 'x.safetensors'), '--memory-budget', 'lots']).status).toBe(2);
    expect(mechac(['run', recipe('u3.mecha', WS)]).status).toBe(2); // no -o
  });

  test('Ctrl-C mid-run stops, exits 130 and leaves neither output nor temporary file', async () => {
    // Two models with a few large real SD1 keys, so that the run lasts long enough to be interrupted.
    const models = join(dir, 'big');
    mkdirSync(models);
    const keys = [
      ['cond_stage_model.transformer.text_model.embeddings.token_embedding.weight', [49408, 768]],
      ...Array.from({ length: 12 }, (_, i) => [`model.diffusion_model.output_blocks.${i}.0.in_layers.2.weight`, [1280, 1280, 3, 3]]),
    ] as [string, number[]][];
    for (const name of ['a', 'b']) {
      const writer = SafetensorsWriter.create(join(models, `${name}.safetensors`), keys.map(([k, shape]) => ({ name: k, dtype: 'F16', shape })));
      for (const [k, shape] of keys) writer.write(k, new Uint8Array(shape.reduce((x, y) => x * y, 1) * 2).fill(name === 'a' ? 0x11 : 0x22));
      writer.finish();
    }
    const out = join(dir, 'interrupted.safetensors');
    const child = spawn(process.execPath, [cli, 'run', recipe('big.mecha', WS), '-o', out, '--models-dir', models, '--threads', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (leftovers(dir).length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    expect(leftovers(dir).length, 'the run should have started writing').toBe(1);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/cancelled/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });
});

/** Rewrites a safetensors file with changed shapes (data cut or padded to fit) or keys left out. */
function rewrite(path: string, change: (name: string, shape: readonly number[]) => readonly number[] | undefined): void {
  const file = SafetensorsFile.open(path);
  const tensors = [...file.entries.values()].flatMap((e) => {
    const shape = change(e.name, e.shape);
    if (!shape) return [];
    const bytes = new Uint8Array(shape.reduce((a, b) => a * b, 1) * (e.end - e.begin) / Math.max(1, e.shape.reduce((a, b) => a * b, 1)));
    bytes.set(file.readBytes(e.name).subarray(0, bytes.length));
    return [{ name: e.name, dtype: e.dtype, shape, bytes }];
  });
  file.close();
  rmSync(path);
  const writer = SafetensorsWriter.create(path, tensors);
  for (const t of tensors) writer.write(t.name, t.bytes);
  writer.finish();
  chmodSync(path, 0o644);
}
