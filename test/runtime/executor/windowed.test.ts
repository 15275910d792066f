import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeFromFloat32, encodeFromFloat64 } from '../../../src/runtime/dtype/codec.js';
import { KeyComputer, outputBytes } from '../../../src/runtime/executor/compute.js';
import { runWindowed, WindowScratch } from '../../../src/runtime/executor/windowed.js';
import { isWindowable, WINDOW } from '../../../src/plan/memory.js';
import { KERNELS } from '../../../src/runtime/methods/index.js';
import { SafetensorsFile } from '../../../src/runtime/safetensors/file.js';
import { SafetensorsWriter } from '../../../src/runtime/safetensors/writer.js';
import type { ComputeKey, PlanStep } from '../../../src/plan/plan.js';
import type { TensorReader } from '../../../src/runtime/safetensors/reader.js';

const dir = mkdtempSync(join(tmpdir(), 'mecha-windowed-'));
const readers: TensorReader[] = [];
afterAll(() => {
  for (const r of readers) r.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Several windows and a partial last one; and a key smaller than a window. */
const BIG = [5, Math.ceil((WINDOW * 2.5) / 5)] as const;
const SMALL = [7, 33] as const;

/** Three fp16 models: deltas around a shared base with ties and zeros, so TIES has equal magnitudes to decide. */
beforeAll(() => {
  for (const [m, name] of ['a', 'b', 'c'].entries()) {
    const path = join(dir, `${name}.safetensors`);
    const tensors = [
      { name: 'big', dtype: 'F16' as const, shape: [...BIG] },
      { name: 'small', dtype: 'F16' as const, shape: [...SMALL] },
    ];
    const writer = SafetensorsWriter.create(path, tensors);
    let seed = 7 + m;
    for (const t of tensors) {
      const n = t.shape[0]! * t.shape[1]!;
      const values = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        const r = seed / 2 ** 32 - 0.5;
        values[i] = i % 13 === 0 ? 0.5 : i % 17 === 0 ? 0 : r * 0.05 * (1 + (i % 3));
      }
      const bytes = new Uint8Array(n * 2);
      encodeFromFloat32('F16', values, bytes);
      writer.write(t.name, bytes);
    }
    writer.finish();
    readers.push(SafetensorsFile.open(path));
  }
});

/** A key over inputs a, b, c (values 0-2) whose steps start at value 3. */
function keyOf(name: 'big' | 'small', steps: PlanStep[]): ComputeKey {
  return {
    kind: 'compute',
    name,
    dtype: 'F16',
    shape: name === 'big' ? [...BIG] : [...SMALL],
    program: { loads: [0, 1, 2].map((input) => ({ input, key: name, dtype: 'F16' as const })), steps, result: 2 + steps.length },
  };
}

const deltas: PlanStep[] = [
  { method: 'subtract', args: [0, 2], hypers: {} },
  { method: 'subtract', args: [1, 2], hypers: {} },
];

const PROGRAMS: Record<string, PlanStep[]> = {
  'add_difference(c, ties_sum(a - c, b - c, k=0.3))': [
    ...deltas,
    { method: 'ties_sum', args: [3, 4], hypers: { k: 0.3 } },
    { method: 'add_difference', args: [2, 5], hypers: { alpha: 1 } },
  ],
  'ties_sum of three with vote_sgn': [...deltas, { method: 'ties_sum', args: [3, 4, 0], hypers: { k: 0.1, vote_sgn: 1 } }],
  'ties_sum_extended, plain mean': [...deltas, { method: 'ties_sum_extended', args: [3, 4], hypers: { k: 0.5 } }],
  'dropout, independent masks': [
    ...deltas,
    { method: 'dropout', args: [3, 4], hypers: { probability: 0.7, seed: 42 } },
    { method: 'add_difference', args: [2, 5], hypers: { alpha: 0.8 } },
  ],
  'ties_sum over breadcrumbs, whose windows are marked again in each pass': [
    ...deltas,
    { method: 'breadcrumbs', args: [3, 4], hypers: { beta: 0.1, gamma: 0.2 } },
    { method: 'ties_sum', args: [5, 3], hypers: { k: 0.4 } },
  ],
  'ties_sum_with_dropout, uniform rate': [
    ...deltas,
    { method: 'ties_sum_with_dropout', args: [3, 4], hypers: { probability: 0.4, k: 0.3, seed: 9 } },
    { method: 'add_difference', args: [2, 5], hypers: {} },
  ],
  'ties_sum_with_dropout, no_rescale and vote_sgn': [
    ...deltas,
    { method: 'ties_sum_with_dropout', args: [3, 4, 0], hypers: { probability: 0.6, no_rescale: true, vote_sgn: 1, seed: 2 } },
  ],
  'ties_sum_with_dropout, everything dropped': [...deltas, { method: 'ties_sum_with_dropout', args: [3, 4], hypers: { probability: 1, seed: 2 } }],
  'dropout, overlapping sets': [...deltas, { method: 'dropout', args: [3, 4], hypers: { probability: 0.5, overlap: 0.6, seed: 3 } }],
  'breadcrumbs, defaults': [...deltas, { method: 'breadcrumbs', args: [3, 4], hypers: {} }],
  'breadcrumbs, ties of zeros at the bottom boundary': [...deltas, { method: 'breadcrumbs', args: [3, 4, 0], hypers: { beta: 0.3, gamma: 0.1, lambda: 0.7 } }],
  'breadcrumbs, an empty band': [...deltas, { method: 'breadcrumbs', args: [3, 4], hypers: { beta: 0.6, gamma: 0.6, lambda: -1 } }],
  'weighted_sum of a ties_sum and n_average': [
    ...deltas,
    { method: 'ties_sum', args: [3, 4], hypers: { k: 0.3 } },
    { method: 'n_average', args: [0, 1, 2], hypers: {} },
    { method: 'weighted_sum', args: [5, 6], hypers: { alpha: 0.25 } },
  ],
};

/** The whole-tensor path's bytes for a key. */
function wholeBytes(key: ComputeKey): Uint8Array {
  const result = new KeyComputer(KERNELS, 'fp32').evaluate(key, readers);
  const out = new Uint8Array(outputBytes(key));
  if (result.data instanceof Float32Array) encodeFromFloat32(key.dtype, result.data, out);
  else encodeFromFloat64(key.dtype, result.data, out);
  return out;
}

describe('windowed keys', () => {
  const scratch = new WindowScratch();
  for (const [label, steps] of Object.entries(PROGRAMS)) {
    for (const name of ['big', 'small'] as const) {
      test(`${label} (${name}) gives the whole-tensor path's bytes`, () => {
        const key = keyOf(name, steps);
        expect(isWindowable(key, 'fp32')).toBe(true);
        const out = new Uint8Array(outputBytes(key));
        expect(runWindowed(key, 'fp32', readers, out, scratch)).toBe(0);
        expect(Buffer.compare(Buffer.from(out), Buffer.from(wholeBytes(key)))).toBe(0);
      });
    }
  }

  test('methods that need whole tensors, fp64 work and inputs of another size stay on the whole-tensor path', () => {
    const median = keyOf('small', [...deltas, { method: 'ties_sum_extended', args: [3, 4], hypers: { apply_median: 1 } }]);
    expect(isWindowable(median, 'fp32')).toBe(false);
    const della = keyOf('small', [...deltas, { method: 'ties_sum_with_dropout', args: [3, 4], hypers: { della_eps: 0.1 } }]);
    expect(isWindowable(della, 'fp32')).toBe(false);
    const ties = keyOf('small', PROGRAMS['add_difference(c, ties_sum(a - c, b - c, k=0.3))']!);
    expect(isWindowable(ties, 'fp64')).toBe(false);
    const mismatched: ComputeKey = { ...ties, program: { ...ties.program, loads: [{ input: 0, key: 'big', dtype: 'F16' }, ...ties.program.loads.slice(1)] } };
    expect(runWindowed(mismatched, 'fp32', readers, new Uint8Array(outputBytes(mismatched)), scratch)).toBeUndefined();
  });
});
