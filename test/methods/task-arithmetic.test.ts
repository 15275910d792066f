import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { taskArithmetic } from '../../src/runtime/methods/task-arithmetic.js';
import { kernelContext, type Hypers, type Tensor } from '../../src/runtime/methods/kernel.js';

const KEY = 'cond_stage_model.transformer.text_model.encoder.layers.5.self_attn.q_proj.weight';

function tensor(data: number[], dtype: 'fp32' | 'fp64' = 'fp32'): Tensor {
  return { shape: [data.length], data: dtype === 'fp32' ? Float32Array.from(data) : Float64Array.from(data) };
}

function run(inputs: Tensor[], hypers: Hypers, dtype: 'fp32' | 'fp64' = 'fp32'): Tensor {
  return taskArithmetic(inputs, hypers, kernelContext(KEY, dtype));
}

/** Deltas of small integers and a dyadic lambda: every sum and product is exact, in fp32 as in real numbers. */
const exactCase = fc.record({
  deltas: fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 8, maxLength: 8 }), {
    minLength: 1,
    maxLength: 5,
  }),
  lambda: fc.constantFrom(0.5, 1, 2, -1, 0.125),
});

describe('task_arithmetic', () => {
  test('equals lambda times the sum of the deltas, exactly', () => {
    fc.assert(
      fc.property(exactCase, ({ deltas, lambda }) => {
        const out = run(deltas.map((d) => tensor(d)), { lambda });
        for (let i = 0; i < 8; i++) {
          let sum = 0;
          for (let m = 0; m < deltas.length; m++) sum += deltas[m]![i]!;
          expect(out.data[i]).toBe(lambda * sum);
        }
      }),
    );
  });

  test('on arbitrary floats it rounds each partial sum to fp32, in model order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 5, maxLength: 5 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (deltas, lambda) => {
          const out = run(deltas.map((d) => tensor(d)), { lambda });
          const l = Math.fround(lambda);
          for (let i = 0; i < 5; i++) {
            let acc = 0;
            for (let m = 0; m < deltas.length; m++) {
              acc = Math.fround(acc + Math.fround(deltas[m]![i]!));
            }
            expect(out.data[i]).toBe(l === 1 ? acc : Math.fround(l * acc));
          }
        },
      ),
    );
  });

  test('in fp64 it is the plain double computation', () => {
    const a = [0.1, 0.2, 0.3];
    const b = [0.7, -0.11, 1e-9];
    const out = run([tensor(a, 'fp64'), tensor(b, 'fp64')], { lambda: 0.9 }, 'fp64');
    expect(out.data).toBeInstanceOf(Float64Array);
    for (let i = 0; i < 3; i++) expect(out.data[i]).toBe(0.9 * (0 + a[i]! + b[i]!));
  });

  test('defaults to the plain sum; lambda scales it', () => {
    const a = tensor([1, 2]);
    const b = tensor([10, 20]);
    expect([...run([a, b], {}).data]).toEqual([11, 22]);
    expect([...run([a, b], { lambda: 0.5 }).data]).toEqual([5.5, 11]);
    expect([...run([a, b], { lambda: -2 }).data]).toEqual([-22, -44]);
  });

  test('refuses mismatched shapes and no inputs; keeps the shape', () => {
    expect(() => run([tensor([1, 2]), tensor([1, 2, 3])], {})).toThrow(/shape/);
    expect(() => run([], {})).toThrow(RangeError);
    const shaped = taskArithmetic([{ shape: [2, 2], data: new Float32Array(4) }], {}, kernelContext(KEY));
    expect(shaped.shape).toEqual([2, 2]);
  });
});
