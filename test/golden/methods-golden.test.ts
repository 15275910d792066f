/**
 * The elementwise and selection merge methods against sd-mecha 0.0.29's outputs (test/fixtures/golden). Each case
 * restates its recipe.mecha as steps: `[method, inputs, hypers]`, where inputs index the models (0 = a, 1 = b,
 * 2 = c) followed by the results of the earlier steps, exactly like the legacy `&N` references. Every key of the
 * expected file is compared: merged keys with the composed kernels, the others (VAE, text position ids, scheduler
 * buffers) with the model they pass through from: the recipe's leftmost model (follow the first input of the final
 * merge down to a model), which is c in `add_difference(c, ties_sum(...))`, not a.
 *
 * The reference worked in fp32. fp64 work runs the same cases against the same files: it differs from them only by
 * fp32 rounding (~1e-8; up to ~4e-7 where slerp or multiply_quotient amplify it), so the same 1e-6 holds, and the
 * selection methods (ties, top-k, select_max_delta, clamp) must pick exactly the same elements.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KERNELS } from '../../src/runtime/methods/index.js';
import { kernelContext, type Hypers, type Tensor } from '../../src/runtime/methods/kernel.js';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';

type Step = readonly [method: string, inputs: readonly number[], hypers: Hypers];

/** Models a, b, c are values 0-2; step results are numbered from 3. */
const MODEL_COUNT = 3;

interface GoldenCase {
  readonly name: string;
  readonly steps: readonly Step[];
}

/** Max absolute error for every case: all of these methods are elementwise or select elements exactly. */
const TOLERANCE = 1e-6;

/** The three deltas against c that the TIES-like cases start from: &3 = a - c, &4 = b - c. */
const deltas: readonly Step[] = [
  ['subtract', [0, 2], {}],
  ['subtract', [1, 2], {}],
];

const SD1_CASES: readonly GoldenCase[] = [
  { name: 'weighted_sum', steps: [['weighted_sum', [0, 1], { alpha: 0.3 }]] },
  {
    name: 'add_difference',
    steps: [
      ['subtract', [1, 2], {}],
      ['add_difference', [0, 3], { alpha: 0.7 }],
    ],
  },
  { name: 'n_average', steps: [['n_average', [0, 1, 2], {}]] },
  { name: 'slerp', steps: [['slerp', [0, 1], { alpha: 0.4 }]] },
  {
    name: 'perpendicular',
    steps: [
      ['subtract', [1, 2], {}],
      ['subtract', [0, 2], {}],
      ['perpendicular_component', [4, 3], {}],
      ['add_difference', [0, 5], { alpha: 1.0 }],
    ],
  },
  {
    name: 'geometric_sum',
    steps: [...deltas, ['geometric_sum', [3, 4], { alpha: 0.5 }], ['add_difference', [2, 5], { alpha: 1.0 }]],
  },
  { name: 'add_cosine_a', steps: [['add_cosine_a', [0, 1], { alpha: 0.5 }]] },
  { name: 'add_cosine_b', steps: [['add_cosine_b', [0, 1], { alpha: 0.5 }]] },
  {
    name: 'ties_sum',
    steps: [...deltas, ['ties_sum', [3, 4], { k: 0.5 }], ['add_difference', [2, 5], { alpha: 1.0 }]],
  },
  {
    name: 'ties_sum_soup',
    steps: [...deltas, ['ties_sum', [3, 4], { k: 0.3, vote_sgn: 1.0 }], ['add_difference', [2, 5], { alpha: 0.8 }]],
  },
  {
    name: 'ties_stock',
    steps: [
      ...deltas,
      ['ties_sum_extended', [3, 4], { k: 0.5, apply_stock: 1.0 }],
      ['add_difference', [2, 5], { alpha: 1.0 }],
    ],
  },
  {
    name: 'ties_median',
    steps: [
      ...deltas,
      ['ties_sum_extended', [3, 4], { k: 0.5, apply_median: 1.0 }],
      ['add_difference', [2, 5], { alpha: 1.0 }],
    ],
  },
  { name: 'tensor_sum', steps: [['tensor_sum', [0, 1], { width: 0.5, offset: 0.25 }]] },
  { name: 'top_k_tensor_sum', steps: [['top_k_tensor_sum', [0, 1], { width: 0.5, offset: 0.0 }]] },
  { name: 'train_difference', steps: [['train_difference', [0, 1, 2], { alpha: 1.0 }]] },
  { name: 'add_opposite', steps: [['add_opposite', [0, 1, 2], { alpha: 1.0 }]] },
  { name: 'clamped_add_opposite', steps: [['clamped_add_opposite', [0, 1, 2], { alpha: 1.0 }]] },
  {
    name: 'select_max_delta',
    steps: [...deltas, ['select_max_delta', [3, 4], { alpha: 0.5 }], ['add_difference', [2, 5], { alpha: 1.0 }]],
  },
  { name: 'multiply_quotient', steps: [['multiply_quotient', [0, 1, 2], { alpha: 1.0 }]] },
  { name: 'clamp', steps: [['clamp', [0, 1, 2], { stiffness: 0.5 }]] },
  {
    name: 'nested_tree',
    steps: [
      ['weighted_sum', [0, 1], { alpha: 0.5 }],
      ['subtract', [3, 2], {}],
      ['add_difference', [0, 4], { alpha: 0.5 }],
      ['weighted_sum', [5, 2], { alpha: 0.25 }],
    ],
  },
];

const SDXL_CASES: readonly GoldenCase[] = SD1_CASES.filter((c) =>
  ['weighted_sum', 'add_difference', 'ties_sum', 'slerp'].includes(c.name),
);

/** Key prefixes of the merged components in sd-mecha 0.0.29's model configs; every other key passes through. */
const ARCHES = {
  'sd1-tiny': {
    cases: SD1_CASES,
    merged: ['model.diffusion_model.', 'cond_stage_model.transformer.text_model.'],
    passthrough: ['cond_stage_model.transformer.text_model.embeddings.position_ids'],
  },
  'sdxl-tiny': {
    cases: SDXL_CASES,
    merged: ['model.diffusion_model.', 'conditioner.embedders.0.transformer.text_model.', 'conditioner.embedders.1.model.'],
    passthrough: ['conditioner.embedders.0.transformer.text_model.embeddings.position_ids'],
  },
} as const;

const goldenDir = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));

function isMerged(key: string, arch: (typeof ARCHES)[keyof typeof ARCHES]): boolean {
  return !arch.passthrough.some((p) => key === p) && arch.merged.some((p) => key.startsWith(p));
}

/** Index of the recipe's leftmost model: the first input of the last step, followed down to a model. */
function passthroughSource(steps: readonly Step[]): number {
  let value = MODEL_COUNT + steps.length - 1;
  while (value >= MODEL_COUNT) value = steps[value - MODEL_COUNT][1][0];
  return value;
}

type WorkDtype = 'fp32' | 'fp64';

function readTensor(file: SafetensorsFile, key: string, dtype: WorkDtype): Tensor {
  const shape = file.header.entries.get(key)!.shape;
  return { shape, data: dtype === 'fp32' ? file.readFloat32(key) : file.readFloat64(key) };
}

function runSteps(steps: readonly Step[], models: readonly Tensor[], key: string, dtype: WorkDtype): Tensor {
  const values = [...models];
  const ctx = kernelContext(key, dtype);
  for (const [method, inputs, hypers] of steps) {
    const kernel = KERNELS.get(method);
    if (!kernel) throw new Error(`no kernel for ${method}`);
    values.push(kernel(inputs.map((i) => values[i]), hypers, ctx));
  }
  return values[values.length - 1];
}

function maxAbsError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(actual[i] - expected[i]);
    // A NaN on either side (but not both) is an infinite error.
    const err = e === e ? e : actual[i] !== actual[i] && expected[i] !== expected[i] ? 0 : Infinity;
    if (err > worst) worst = err;
  }
  return worst;
}

const report: string[] = [];
afterAll(() => {
  if (report.length > 0) console.info(`max abs error per golden case:\n${report.join('\n')}`);
});

for (const [archName, arch] of Object.entries(ARCHES)) {
  for (const dtype of ['fp32', 'fp64'] as const) describe(`golden ${archName}, ${dtype} work`, () => {
    const models = ['a', 'b', 'c'].map((m) => SafetensorsFile.open(`${goldenDir}${archName}/models/${m}.safetensors`));
    afterAll(() => models.forEach((m) => m.close()));

    it('lists the cases this suite covers', () => {
      const listed = JSON.parse(readFileSync(`${goldenDir}${archName}/cases.json`, 'utf8')) as { cases: Record<string, string> };
      for (const c of arch.cases) expect(Object.keys(listed.cases)).toContain(c.name);
    });

    for (const golden of arch.cases) {
      it(golden.name, () => {
        const expectedFile = SafetensorsFile.open(`${goldenDir}${archName}/cases/${golden.name}/expected.safetensors`);
        try {
          let mergedError = 0;
          let merged = 0;
          let passthrough = 0;
          for (const [key, entry] of expectedFile.header.entries) {
            const expected = expectedFile.readFloat32(key);
            let actual: Tensor;
            if (isMerged(key, arch)) {
              actual = runSteps(golden.steps, models.map((m) => readTensor(m, key, dtype)), key, dtype);
              merged++;
            } else {
              actual = readTensor(models[passthroughSource(golden.steps)], key, dtype);
              passthrough++;
            }
            expect(actual.shape, key).toEqual(entry.shape);
            const error = maxAbsError(actual.data, expected);
            if (error > TOLERANCE) {
              throw new Error(`${golden.name}: key ${key} differs by ${error}`);
            }
            if (isMerged(key, arch)) mergedError = Math.max(mergedError, error);
          }
          expect(merged).toBeGreaterThan(0);
          expect(passthrough).toBeGreaterThan(0);
          report.push(`  ${archName} ${dtype} ${golden.name}: ${mergedError.toExponential(2)} over ${merged} merged keys`);
        } finally {
          expectedFile.close();
        }
      });
    }
  });
}
