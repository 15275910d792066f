import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';
import { SafetensorsWriter } from '../../src/runtime/safetensors/writer.js';

/**
 * What `mechac run` writes, and where it refuses to: the built CLI in a child process. Outputs must be regular
 * files that are none of the run's inputs; an interrupted or killed run leaves nothing behind for long.
 */
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/mechac.js');
const golden = join(root, 'test/fixtures/golden/sd1-tiny/models');
const dir = mkdtempSync(join(tmpdir(), 'mecha-run-writes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WS = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b, alpha=0.3)\n';

function mechac(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.endsWith('.tmp'));
}

/** The PID of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('mechac run: where it writes', () => {
  test('a FIFO as output is refused and left a FIFO; so is /dev/null, which stays the device it was', () => {
    // The rule is proven on a FIFO of our own before /dev/null is ever named as an output.
    const fifo = join(dir, 'pipe.safetensors');
    execFileSync('mkfifo', [fifo]);
    const r = mechac(['run', file('fifo.mecha', WS), '-o', fifo, '--models-dir', golden]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${fifo}: is a named pipe (FIFO), not a regular file`);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(leftovers(dir)).toEqual([]);

    const before = statSync('/dev/null');
    const n = mechac(['run', file('null.mecha', WS), '-o', '/dev/null', '--models-dir', golden]);
    expect(n.status).toBe(1);
    expect(n.stderr).toContain('/dev/null: is a character device, not a regular file');
    const after = statSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.ino, after.rdev, after.mode]).toEqual([before.ino, before.rdev, before.mode]);
    expect(leftovers('/dev')).toEqual([]);
  });

  test('the recipe itself, a sub-recipe filled in with -p, a shard and a shard index are refused as outputs', () => {
    const recipe = file('self.mecha', WS);
    const self = mechac(['run', recipe, '-o', `./self.mecha`, '--models-dir', golden]);
    expect(self.status).toBe(1);
    expect(self.stderr).toMatch(/the output is the input/);
    expect(readFileSync(recipe, 'utf8')).toBe(WS);

    const template = file('template.mecha', 'version 1\nmodel base = "a" : sd1\nparam style : sd1\nlet out = weighted_sum(base, style, alpha=0.5)\n');
    const style = file('style.mecha', 'version 1\nmodel b = "b" : sd1\nmodel c = "c" : sd1\nlet mix = weighted_sum(b, c, alpha=0.3)\n');
    const sub = mechac(['run', template, '-p', 'style=style.mecha', '-o', join(dir, '.', 'style.mecha'), '--models-dir', golden]);
    expect(sub.stderr).toMatch(/the output is the input/);
    expect(sub.status).toBe(1);
    expect(readFileSync(style, 'utf8')).toContain('weighted_sum(b, c, alpha=0.3)');

    const sharded = join(dir, 'models', 'a');
    shard(join(golden, 'a.safetensors'), sharded);
    copyFileSync(join(golden, 'b.safetensors'), join(dir, 'models', 'b.safetensors'));
    const recipeOfShards = file('shards.mecha', WS);
    for (const output of [join(sharded, 'model.safetensors.index.json'), join(sharded, 'model-00002-of-00002.safetensors')]) {
      const before = readFileSync(output);
      const r = mechac(['run', recipeOfShards, '-o', output, '--models-dir', join(dir, 'models')]);
      expect(r.stderr).toMatch(/the output is the input/);
      expect(r.status).toBe(1);
      expect(readFileSync(output).equals(before)).toBe(true);
    }
    // The same shards merge fine into a new file.
    expect(mechac(['run', recipeOfShards, '-o', join(dir, 'from-shards.safetensors'), '--models-dir', join(dir, 'models')]).status).toBe(0);
  }, 240_000);

  test('a temporary file left by a dead run of the same output is removed, and the run says so in one line', () => {
    const out = join(dir, 'stale.safetensors');
    const dead = deadPid();
    const stale = join(dir, `.stale.safetensors.${dead}.0123456789ab.tmp`);
    const live = join(dir, `.stale.safetensors.${process.pid}.abcdefabcdef.tmp`); // this test's process is alive
    writeFileSync(stale, 'half a model');
    writeFileSync(live, 'being written');
    const r = mechac(['run', file('stale.mecha', WS), '-o', out, '--models-dir', golden]);
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('removed'));
    expect(lines).toEqual([
      `removed a temporary file left by an unfinished earlier write of ${out}: .stale.safetensors.${dead}.0123456789ab.tmp (process ${dead})`,
    ]);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    rmSync(live);
  });
});

describe('mechac run: interrupted mid-merge', () => {
  const models = join(dir, 'big');
  beforeAll(() => {
    // Two models with a few large real SD1 keys, so that the run lasts long enough to be interrupted.
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
  }, 120_000);

  /** Starts a two-worker merge into `folder` and resolves once its temporary file exists. */
  async function startMerge(folder: string) {
    mkdirSync(folder);
    const out = join(folder, 'merged.safetensors');
    const child = spawn(process.execPath, [cli, 'run', file('big.mecha', WS), '-o', out, '--models-dir', models, '--threads', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + 60_000;
    while (leftovers(folder).length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    expect(leftovers(folder).length, 'the run should have started writing').toBe(1);
    return { child, out, exited, stderr: () => stderr };
  }

  test.each(['SIGHUP', 'SIGQUIT'] as const)('%s stops the run and its workers, exits 130 and leaves nothing', async (signal) => {
    const folder = join(dir, `signal-${signal}`);
    const run = await startMerge(folder);
    run.child.kill(signal);
    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(run.stderr()).toMatch(/cancelled; no output was written/);
    expect(existsSync(run.out)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  }, 180_000);

  test('a second Ctrl-C stops at once: exit 130, nothing left', async () => {
    const folder = join(dir, 'second-interrupt');
    const run = await startMerge(folder);
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 10));
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(existsSync(run.out)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  }, 180_000);

  test.each([
    ['once', 'kill -HUP $pid'],
    // The second hangup takes the run's "stop now" path, which leaves through process.exit.
    ['twice', 'kill -HUP $pid; sleep 0.01; kill -HUP $pid'],
  ])('closing the terminal mid-merge (SIGHUP %s, then a terminal that is gone) exits 130 and leaves nothing', async (name, forward) => {
    // `script` gives the run a terminal; killing it closes the terminal. The shell inside forwards the hangup to
    // the run, as an interactive shell does to its jobs, and records how the run ended.
    const folder = join(dir, `hangup-${name}`);
    mkdirSync(folder);
    const out = join(folder, 'merged.safetensors');
    const status = join(dir, `hangup-${name}-status`);
    const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const run = [process.execPath, cli, 'run', file('hangup.mecha', WS), '-o', out, '--models-dir', models, '--threads', '2'].map(q).join(' ');
    const shell = file(`hangup-${name}.sh`, `trap '${forward}' HUP\n${run} &\npid=$!\nwait $pid\nwait $pid\necho $? > ${q(status)}\n`);
    const terminal = spawn('script', ['-qec', `sh ${q(shell)}`, '/dev/null'], { stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while (leftovers(folder).length === 0 && Date.now() < deadline && terminal.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    expect(leftovers(folder).length, 'the run should have started writing').toBe(1);
    terminal.kill('SIGKILL');
    while (!existsSync(status) && Date.now() < deadline + 60_000) await new Promise((r) => setTimeout(r, 20));
    expect(readFileSync(status, 'utf8')).toBe('130\n'); // not 134 (SIGABRT) from restoring a vanished terminal
    expect(readdirSync(folder)).toEqual([]);
  }, 180_000);

  test('a run killed outright leaves its temporary file, which the next run of that output removes', async () => {
    const folder = join(dir, 'killed');
    const run = await startMerge(folder);
    const temp = leftovers(folder)[0]!;
    expect(temp).toMatch(new RegExp(`^\\.merged\\.safetensors\\.${run.child.pid}\\.[0-9a-f]{12}\\.tmp$`));
    run.child.kill('SIGKILL'); // as an out-of-memory abort ends it: no handler runs
    expect((await run.exited).signal).toBe('SIGKILL');
    expect(leftovers(folder)).toEqual([temp]);

    const again = mechac(['run', file('small.mecha', WS), '-o', run.out, '--models-dir', golden]);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain(`removed a temporary file left by an unfinished earlier write of ${run.out}: ${temp} (process ${run.child.pid})`);
    expect(readdirSync(folder)).toEqual(['merged.safetensors']);
    const merged = SafetensorsFile.open(run.out);
    expect(merged.entries.size).toBe(1143);
    merged.close();
  }, 180_000);
});

/** Splits a model into two shards and an index in `folder`, as Hugging Face lays them out. */
function shard(source: string, folder: string): void {
  mkdirSync(folder, { recursive: true });
  const model = SafetensorsFile.open(source);
  const names = [...model.entries.keys()];
  const halves = [names.slice(0, names.length >> 1), names.slice(names.length >> 1)];
  const weightMap: Record<string, string> = {};
  halves.forEach((keys, i) => {
    const shardName = `model-0000${i + 1}-of-00002.safetensors`;
    const writer = SafetensorsWriter.create(join(folder, shardName), keys.map((k) => ({ name: k, dtype: model.entry(k).dtype, shape: model.entry(k).shape })));
    for (const k of keys) {
      writer.write(k, model.readBytes(k));
      weightMap[k] = shardName;
    }
    writer.finish();
  });
  model.close();
  writeFileSync(join(folder, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
}
