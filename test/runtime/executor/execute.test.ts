import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { execute, CancelledError } from '../../../src/runtime/executor/execute.js';
import { KeyComputer } from '../../../src/runtime/executor/compute.js';
import { OutputArena } from '../../../src/runtime/executor/arena.js';
import { compileFused } from '../../../src/runtime/executor/fused.js';
import { KERNELS } from '../../../src/runtime/methods/index.js';
import { SafetensorsFile } from '../../../src/runtime/safetensors/file.js';
import type { ComputeKey, Plan, PlanKey, PlanStep } from '../../../src/plan/plan.js';
import type { DType } from '../../../src/runtime/dtype/dtype.js';

const models = join(import.meta.dirname, '../../fixtures/golden/sd1-tiny/models');
const cases = join(import.meta.dirname, '../../fixtures/golden/sd1-tiny/cases');
const dir = mkdtempSync(join(tmpdir(), 'mecha-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSTHROUGH = /^(first_stage_model\.|cond_stage_model\.transformer\.text_model\.embeddings\.position_ids|alphas_cumprod|alphas_cumprod_prev|betas|log_one_minus|posterior_|sqrt_)/;

/** A plan merging every key of a, b (and c) with one program shape, passthrough keys copied from a. */
function planOf(inputs: string[], steps: (loads: number[]) => PlanStep[], outDtype: DType | 'same'): Plan {
  const a = SafetensorsFile.open(join(models, inputs[0]!));
  const keys: PlanKey[] = [];
  for (const [name, e] of [...a.entries].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (PASSTHROUGH.test(name)) {
      keys.push({ kind: 'copy', name, dtype: e.dtype, shape: e.shape, input: 0, sourceKey: name });
      continue;
    }
    const loads = inputs.map((_, i) => ({ input: i, key: name, dtype: e.dtype }));
    const s = steps(loads.map((_, i) => i));
    keys.push({
      kind: 'compute',
      name,
      dtype: outDtype === 'same' ? e.dtype : outDtype,
      shape: e.shape,
      program: { loads, steps: s, result: loads.length + s.length - 1 },
    });
  }
  a.close();
  return { inputs: inputs.map((f) => ({ name: f, path: join(models, f) })), keys, workDtype: 'fp32', metadata: { x: 'y' } };
}

const weightedSumPlan = (dtype: DType | 'same') =>
  planOf(['a.safetensors', 'b.safetensors'], ([a, b]) => [{ method: 'weighted_sum', args: [a!, b!], hypers: { alpha: 0.3 } }], dtype);

function tensorsOf(path: string): Map<string, Float32Array> {
  const f = SafetensorsFile.open(path);
  const out = new Map([...f.entries.keys()].map((k) => [k, f.readFloat32(k)]));
  f.close();
  return out;
}

describe('execute', () => {
  test('a streamed weighted_sum matches the golden output key by key', async () => {
    const out = join(dir, 'ws.safetensors');
    const summary = await execute(weightedSumPlan('F32'), { output: out, threads: 0, kernels: KERNELS });
    expect(summary.keys).toBe(1143);
    const got = tensorsOf(out);
    const want = tensorsOf(join(cases, 'weighted_sum/expected.safetensors'));
    for (const [key, expected] of want) {
      const actual = got.get(key)!;
      expect(actual, key).toBeDefined();
      for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!), key).toBeLessThanOrEqual(1e-6);
    }
  });

  test('passthrough keys are copied byte for byte and keep their dtype', async () => {
    const out = join(dir, 'copy.safetensors');
    await execute(weightedSumPlan('same'), { output: out, threads: 0, kernels: KERNELS });
    const written = SafetensorsFile.open(out);
    const a = SafetensorsFile.open(join(models, 'a.safetensors'));
    for (const key of ['cond_stage_model.transformer.text_model.embeddings.position_ids', 'first_stage_model.decoder.conv_in.weight']) {
      expect(written.entry(key).dtype).toBe(a.entry(key).dtype);
      expect(Buffer.from(written.readBytes(key)).equals(Buffer.from(a.readBytes(key)))).toBe(true);
    }
    expect(written.metadata['x']).toBe('y');
    written.close();
    a.close();
  });

  test('the fused path and the generic kernels give identical bytes', () => {
    const plan = planOf(
      ['a.safetensors', 'b.safetensors', 'c.safetensors'],
      ([a, b, c]) => [
        { method: 'subtract', args: [b!, c!], hypers: {} },
        { method: 'add_difference', args: [a!, 3], hypers: { alpha: 0.7 } },
        { method: 'n_average', args: [4, a!, b!], hypers: {} },
        { method: 'weighted_sum', args: [5, c!], hypers: { alpha: 0.25 } },
      ],
      'same',
    );
    const readers = plan.inputs.map((i) => SafetensorsFile.open(i.path));
    const computer = new KeyComputer(KERNELS, 'fp32');
    let checked = 0;
    for (const key of plan.keys) {
      if (key.kind !== 'compute') continue;
      const fused = new Uint8Array(key.shape.reduce((a, b) => a * b, 1) * 2);
      computer.compute(key, readers, fused);
      const generic = computer.evaluate(key, readers);
      const slow = new Uint8Array(fused.length);
      // encode the generic result with the reference codec
      const codec = new Float32Array(generic.data);
      new Uint16Array(slow.buffer).set(encodeF16Reference(codec));
      expect(Buffer.from(fused).equals(Buffer.from(slow)), key.name).toBe(true);
      checked++;
    }
    expect(checked).toBe(882); // every merged key of SD1
    readers.forEach((r) => r.close());
  });

  test('weighted_sum of fp16 in one pass over registers gives the generic kernels\' bytes', () => {
    const plan = weightedSumPlan('same');
    const readers = plan.inputs.map((i) => SafetensorsFile.open(i.path));
    const computer = new KeyComputer(KERNELS, 'fp32');
    let checked = 0;
    for (const key of plan.keys) {
      if (key.kind !== 'compute') continue;
      expect(compileFused(key, 'fp32')?.direct, key.name).toBeDefined();
      const fused = new Uint8Array(key.shape.reduce((a, b) => a * b, 1) * 2);
      computer.compute(key, readers, fused);
      const generic = encodeF16Reference(new Float32Array(computer.evaluate(key, readers).data));
      expect(Buffer.from(fused).equals(Buffer.from(generic.buffer)), key.name).toBe(true);
      checked++;
    }
    expect(checked).toBe(882);
    readers.forEach((r) => r.close());
  });

  test('byte-identical output across thread counts', async () => {
    const plan = weightedSumPlan('same');
    const outputs = [] as Buffer[];
    for (const threads of [0, 1, 2]) {
      const out = join(dir, `threads-${threads}.safetensors`);
      await execute(plan, { output: out, threads, kernels: KERNELS, memoryBudget: 1 << 16 });
      outputs.push(readFileSync(out));
    }
    expect(outputs[1]!.equals(outputs[0]!)).toBe(true);
    expect(outputs[2]!.equals(outputs[0]!)).toBe(true);
  });

  test('workers writing at their keys\' offsets give the bytes of the inline run, for any thread count and ring size', async () => {
    const plan = planOf(
      ['a.safetensors', 'b.safetensors', 'c.safetensors'],
      ([a, b, c]) => [
        { method: 'subtract', args: [b!, c!], hypers: {} },
        { method: 'add_difference', args: [a!, 3], hypers: { alpha: 0.7 } },
      ],
      'same',
    );
    const largest = Math.max(...plan.keys.map((k) => (k.kind === 'compute' ? k.shape.reduce((x, y) => x * y, 1) * 2 : 0)));
    const inline = join(dir, 'offsets-inline.safetensors');
    await execute(plan, { output: inline, threads: 0, kernels: KERNELS });
    const expected = readFileSync(inline);
    const allocate = vi.spyOn(OutputArena.prototype, 'allocate');
    try {
      // The smallest ring holds two of the largest key; the other one a few: both must wrap many times.
      for (const memoryBudget of [1 << 10, 10 * largest]) {
        for (const threads of [1, 2, 4]) {
          allocate.mockClear();
          const out = join(dir, `offsets-${threads}-${memoryBudget}.safetensors`);
          await execute(plan, { output: out, threads, memoryBudget });
          const offsets = allocate.mock.results.map((r) => r.value as number | undefined).filter((o) => o !== undefined);
          const wraps = offsets.filter((o, i) => i > 0 && o === 0).length;
          expect(wraps, `threads ${threads}, budget ${memoryBudget}`).toBeGreaterThan(10);
          expect(readFileSync(out).equals(expected), `threads ${threads}, budget ${memoryBudget}`).toBe(true);
        }
      }
    } finally {
      allocate.mockRestore();
    }
  });

  test('threads 0 without a kernel table runs non-streamed methods with the built-in kernels, as workers do', async () => {
    // TIES over two deltas is not streamed, so every step goes through the kernel table.
    const plan = planOf(['a.safetensors', 'b.safetensors', 'c.safetensors'], ([a, b, c]) => [
      { method: 'subtract', args: [b!, a!], hypers: {} },
      { method: 'subtract', args: [c!, a!], hypers: {} },
      { method: 'ties_sum', args: [3, 4], hypers: { k: 0.5, vote_sgn: 0 } },
      { method: 'add_difference', args: [a!, 5], hypers: { alpha: 1 } },
    ], 'F32');
    const inline = join(dir, 'ties-inline.safetensors');
    const pooled = join(dir, 'ties-pooled.safetensors');
    await execute(plan, { output: inline, threads: 0 });
    await execute(plan, { output: pooled, threads: 1 });
    expect(readFileSync(inline).equals(readFileSync(pooled))).toBe(true);
  });

  test('cancelling leaves nothing at the output path', async () => {
    const out = join(dir, 'cancelled.safetensors');
    const controller = new AbortController();
    let seen = 0;
    const run = execute(weightedSumPlan('same'), {
      output: out,
      threads: 2,
      signal: controller.signal,
      onProgress: () => {
        if (++seen === 100) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('cancelled'))).toEqual([]);
  });

  test('a key missing from an input fails naming the file and key, and writes nothing', async () => {
    const plan = weightedSumPlan('same');
    const broken: Plan = {
      ...plan,
      keys: plan.keys.map((k) =>
        k.kind === 'compute' && k.name === 'model.diffusion_model.middle_block.0.in_layers.0.weight'
          ? ({ ...k, program: { ...k.program, loads: [k.program.loads[0]!, { ...k.program.loads[1]!, key: 'no.such.key' }] } } as ComputeKey)
          : k,
      ),
    };
    const out = join(dir, 'missing.safetensors');
    await expect(execute(broken, { output: out, threads: 2 })).rejects.toThrow(/b\.safetensors.*no\.such\.key/);
    expect(existsSync(out)).toBe(false);
  });

  test('refuses to write over an input', async () => {
    await expect(execute(weightedSumPlan('same'), { output: join(models, 'a.safetensors'), threads: 0, kernels: KERNELS })).rejects.toThrow(/is the input/);
  });
});

/** fp32 -> fp16, round to nearest even, by a slow exact method independent of both codecs under test. */
function encodeF16Reference(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const view = new DataView(new ArrayBuffer(4));
  values.forEach((v, i) => {
    view.setFloat32(0, v);
    const x = view.getUint32(0);
    const sign = (x >>> 16) & 0x8000;
    const a = Math.abs(v);
    if (Number.isNaN(v)) out[i] = sign | 0x7e00;
    else if (a >= 65520) out[i] = sign | 0x7c00;
    else {
      // scale to units of the half's last place, round half to even
      const exp = a < 2 ** -14 ? -24 : Math.floor(Math.log2(a)) - 10;
      const units = a / 2 ** exp;
      let r = Math.round(units);
      if (Math.abs(units - Math.trunc(units) - 0.5) === 0 && r % 2 === 1) r -= 1;
      const value = r * 2 ** exp;
      // rebuild the half pattern from the rounded value
      let bits: number;
      if (value < 2 ** -14) bits = Math.round(value / 2 ** -24);
      else {
        const e = Math.floor(Math.log2(value));
        bits = ((e + 15) << 10) | Math.round((value / 2 ** e - 1) * 1024);
      }
      out[i] = sign | bits;
    }
  });
  return out;
}
