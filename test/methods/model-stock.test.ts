import { describe, expect, test } from 'vitest';
import { type Tensor, kernelContext } from '../../src/runtime/methods/kernel.js';
import { modelStock } from '../../src/runtime/methods/model-stock.js';
import { seededNormal } from '../linalg/random.js';

const ctx = kernelContext('k', 'fp64');

function tensor(shape: number[], xs: number[]): Tensor {
  return { shape, data: Float64Array.from(xs) };
}

describe('model_stock_for_tensor', () => {
  test('identical deltas: cos = 1, t = 1, the delta itself', () => {
    const d = tensor([2, 3], [1, 2, 3, -1, 0, 2]);
    const out = modelStock([d, d], {}, ctx);
    out.data.forEach((v, i) => expect(v).toBeCloseTo(d.data[i]!, 14));
  });

  test('orthogonal rows give t = 0; opposite rows give an infinite t on a zero mean, cleaned to 0', () => {
    const x = tensor([2, 2], [1, 0, 1, 0]);
    const y = tensor([2, 2], [0, 1, -1, 0]);
    expect(Array.from(modelStock([x, y], {}, ctx).data).map(Math.abs)).toEqual([0, 0, 0, 0]);
  });

  test('each row along the last axis gets its own t = n cos / (1 + (n - 1) cos)', () => {
    const g = seededNormal(2);
    const shape = [2, 3, 4];
    const ds = Array.from({ length: 3 }, () =>
      tensor(
        shape,
        Array.from({ length: 24 }, () => g()),
      ),
    );
    const out = modelStock(ds, {}, ctx);
    for (let r = 0; r < 6; r++) {
      const row = (t: Tensor) => Array.from(t.data.slice(r * 4, r * 4 + 4));
      const cos = (u: number[], v: number[]) =>
        u.reduce((s, x, i) => s + x * v[i]!, 0) / (Math.hypot(...u) * Math.hypot(...v));
      const c = (cos(row(ds[0]!), row(ds[1]!)) + cos(row(ds[1]!), row(ds[2]!))) / 2;
      const t = (3 * c) / (1 + 2 * c);
      for (let j = 0; j < 4; j++) {
        const mean = (ds[0]!.data[r * 4 + j]! + ds[1]!.data[r * 4 + j]! + ds[2]!.data[r * 4 + j]!) / 3;
        expect(out.data[r * 4 + j]).toBeCloseTo(t * mean, 12);
      }
    }
  });

  test('vectors are one row; zero deltas stay zero (norms clamped by cos_eps)', () => {
    const v = modelStock([tensor([3], [1, 2, 2]), tensor([3], [2, 4, 4])], {}, ctx);
    v.data.forEach((x, i) => expect(x).toBeCloseTo([1.5, 3, 3][i]!, 14));
    expect(Array.from(modelStock([tensor([2], [0, 0]), tensor([2], [0, 0])], {}, ctx).data)).toEqual([0, 0]);
  });

  test('an infinite t on a nonzero mean becomes the largest finite value of the work dtype', () => {
    // cos(a, b) = -1 and cos(b, c) = 0 average to -1/2, so 1 + 2 cos = 0 and t = -1.5 / 0 = -inf; the mean is
    // [0, 1/3]: -inf * 0 is NaN (cleaned to 0) and -inf / 3 is -inf (cleaned to -max).
    const ds = [tensor([2], [1, 0]), tensor([2], [-1, 0]), tensor([2], [0, 1])];
    expect(Array.from(modelStock(ds, {}, ctx).data)).toEqual([0, -Number.MAX_VALUE]);
    expect(Array.from(modelStock(ds, {}, kernelContext('k', 'fp32')).data)).toEqual([0, -3.4028234663852886e38]);
  });

  test('fewer than two deltas is an error', () => {
    expect(() => modelStock([tensor([1], [1])], {}, ctx)).toThrow(RangeError);
  });
});
