import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { type Kernel, type Tensor, kernelContext } from '../../src/runtime/methods/kernel.js';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';
import { crossover } from '../../src/runtime/methods/crossover.js';
import { distributionCrossover } from '../../src/runtime/methods/distribution-crossover.js';
import { geometricMedian } from '../../src/runtime/methods/geometric-median.js';
import { modelStock } from '../../src/runtime/methods/model-stock.js';
import { rotate } from '../../src/runtime/methods/rotate.js';

/**
 * The golden cases of the FFT, SVD and iterative methods: every key of the reference output is recomputed from the
 * fp16 inputs by calling the kernels directly, and must agree within 1e-4 (the tolerance the golden README gives
 * these methods). Keys outside the merged components are copied from the first model of the root merge (c for model_stock, whose
 * root is add_difference(c, ...)).
 */

const root = fileURLToPath(new URL('../fixtures/golden/sd1-tiny/', import.meta.url));
const TOLERANCE = 1e-4;

type Model = 'a' | 'b' | 'c';
type Recipe = (key: string, read: (model: Model) => Tensor) => Tensor;

function call(kernel: Kernel, inputs: Tensor[], hypers: Record<string, number>, key: string): Tensor {
  return kernel(inputs, hypers, kernelContext(key, 'fp32'));
}

// model_stock's recipe is add_difference(c, model_stock(a - c, b - c), 1.0); the two elementwise steps are spelled
// out here with torch's fp32 rounding.
function subtract(x: Tensor, y: Tensor): Tensor {
  return { shape: x.shape, data: x.data.map((v, i) => Math.fround(v - y.data[i]!)) };
}
function addDifference(x: Tensor, d: Tensor, alpha: number): Tensor {
  const w = Math.fround(alpha);
  return { shape: x.shape, data: x.data.map((v, i) => Math.fround(v + Math.fround(w * d.data[i]!))) };
}

/** Each case's recipe and the model its unmerged keys come from (the first model of the root merge). */
const cases: Record<string, Recipe> = {
  rotate: (key, m) => call(rotate, [m('a'), m('b')], { alignment: 1, alpha: 0 }, key),
  rotate_fractional: (key, m) => call(rotate, [m('a'), m('b')], { alignment: 0.5, alpha: 0.5 }, key),
  crossover: (key, m) => call(crossover, [m('a'), m('b')], { alpha: 0.5, tilt: 0.3 }, key),
  distribution_crossover: (key, m) =>
    call(distributionCrossover, [m('a'), m('b'), m('c')], { alpha: 0.5, tilt: 0.5 }, key),
  geometric_median: (key, m) => call(geometricMedian, [m('a'), m('b'), m('c')], {}, key),
  model_stock: (key, m) => {
    const c = m('c');
    const stock = call(modelStock, [subtract(m('a'), c), subtract(m('b'), c)], {}, key);
    return addDifference(c, stock, 1);
  },
};

const passthroughFrom: Record<string, Model> = { model_stock: 'c' };

/** Keys the sd1 architecture merges: the UNet and the text encoder, except the integer position ids. */
function isMerged(key: string): boolean {
  if (key.endsWith('position_ids')) return false;
  return key.startsWith('model.diffusion_model.') || key.startsWith('cond_stage_model.');
}

const models = {} as Record<Model, SafetensorsFile>;

beforeAll(() => {
  for (const name of ['a', 'b', 'c'] as const) models[name] = SafetensorsFile.open(`${root}models/${name}.safetensors`);
});
afterAll(() => {
  for (const file of Object.values(models)) file.close();
});

function readTensor(file: SafetensorsFile, key: string): Tensor {
  return { shape: file.entry(key).shape, data: file.readFloat32(key) };
}

describe('golden sd1-tiny: linear algebra methods', () => {
  test.each(Object.keys(cases))('%s matches the reference within 1e-4', (name) => {
    const expected = SafetensorsFile.open(`${root}cases/${name}/expected.safetensors`);
    try {
      let maxMerged = 0;
      let maxPassthrough = 0;
      let worstKey = '';
      let merged = 0;
      for (const key of expected.entries.keys()) {
        const want = expected.readFloat32(key);
        const got = isMerged(key)
          ? cases[name]!(key, (m) => readTensor(models[m], key))
          : readTensor(models[passthroughFrom[name] ?? 'a'], key);
        expect(got.shape).toEqual(expected.entry(key).shape);
        let err = 0;
        for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got.data[i]! - want[i]!));
        if (Number.isNaN(err)) err = Infinity;
        if (isMerged(key)) {
          merged++;
          if (err > maxMerged) {
            maxMerged = err;
            worstKey = key;
          }
        } else {
          maxPassthrough = Math.max(maxPassthrough, err);
        }
      }
      console.log(`${name}: ${merged} merged keys, max abs error ${maxMerged.toExponential(2)} (${worstKey})`);
      expect(merged).toBeGreaterThan(800);
      expect(maxPassthrough).toBe(0);
      expect(maxMerged).toBeLessThan(TOLERANCE);
    } finally {
      expected.close();
    }
  });
});
