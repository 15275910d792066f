import { describe, expect, test } from 'vitest';
import { loraDelta } from '../../src/runtime/lora/lora-delta.js';
import { kernelContext, type Tensor } from '../../src/runtime/methods/kernel.js';

/** Deterministic small factors. */
function tensor(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.fround(Math.sin(seed * 7.1 + i * 1.3) * 0.05);
  return { shape, data };
}

const scalar = (v: number): Tensor => ({ shape: [], data: new Float32Array([v]) });

/** The definition, element by element: delta[o, rest] = sum_r up[o, r] * down[r, rest] * alpha / rank. */
function naive(up: Tensor, down: Tensor, alpha: number): number[] {
  const rank = down.shape[0]!;
  const out = up.shape[0]!;
  const rest = down.data.length / rank;
  const result: number[] = [];
  for (let o = 0; o < out; o++) {
    for (let c = 0; c < rest; c++) {
      let sum = 0;
      for (let r = 0; r < rank; r++) sum += up.data[o * rank + r]! * down.data[r * rest + c]!;
      result.push(Math.fround(sum * (alpha / rank)));
    }
  }
  return result;
}

const ctx = kernelContext('k');

describe('LoRA delta', () => {
  test('linear: up x down x alpha / rank', () => {
    const up = tensor([5, 3], 1);
    const down = tensor([3, 4], 2);
    const delta = loraDelta([up, down, scalar(1.5)], 'a', ctx);
    expect(delta.shape).toEqual([5, 4]);
    expect([...delta.data]).toEqual(naive(up, down, 1.5));
  });

  test('no alpha: alpha is the rank (scale 1)', () => {
    const up = tensor([4, 2], 3);
    const down = tensor([2, 6], 4);
    expect([...loraDelta([up, down], 'u', ctx).data]).toEqual(naive(up, down, 2));
  });

  test('1x1 convolution: 4-D factors, a 4-D delta', () => {
    const up = tensor([6, 3, 1, 1], 5);
    const down = tensor([3, 6, 1, 1], 6);
    const delta = loraDelta([up, down, scalar(3)], 'a', ctx);
    expect(delta.shape).toEqual([6, 6, 1, 1]);
    expect([...delta.data]).toEqual(naive(up, down, 3));
  });

  test('3x3 convolution: a 3x3 down and a 1x1 up, as the convolution of down by up', () => {
    const up = tensor([4, 2, 1, 1], 7);
    const down = tensor([2, 3, 3, 3], 8);
    const delta = loraDelta([up, down, scalar(1)], 'a', ctx);
    expect(delta.shape).toEqual([4, 3, 3, 3]);
    // delta[o, i, h, w] = sum_r up[o, r] * down[r, i, h, w] * alpha / rank, checked at one element by hand.
    const [o, i, h, w] = [3, 2, 1, 2];
    let sum = 0;
    for (let r = 0; r < 2; r++) sum += up.data[o * 2 + r]! * down.data[r * 27 + i * 9 + h * 3 + w]!;
    expect(delta.data[o * 27 + i * 9 + h * 3 + w]).toBe(Math.fround(sum * 0.5));
  });

  test('stacked parts (q, k, v): each part its own product, a missing part zeros', () => {
    const q = [tensor([2, 2], 9), tensor([2, 3], 10), scalar(1)] as const;
    const v = [tensor([2, 1], 11), tensor([1, 3], 12)] as const;
    const delta = loraDelta([...q, ...v], 'a-u', ctx);
    expect(delta.shape).toEqual([6, 3]);
    expect([...delta.data.slice(0, 6)]).toEqual(naive(q[0], q[1], 1));
    expect([...delta.data.slice(6, 12)]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([...delta.data.slice(12)]).toEqual(naive(v[0], v[1], 1));
  });

  test('computed in float64 and rounded once', () => {
    const up: Tensor = { shape: [1, 2], data: new Float32Array([1, 1]) };
    const down: Tensor = { shape: [2, 1], data: new Float32Array([1e-8, 1]) };
    // In float32, 1 + 1e-8 rounds to 1 before the scale; in float64 the sum keeps it until the final rounding.
    const delta = loraDelta([up, down, scalar(3)], 'a', ctx);
    expect(delta.data[0]).toBe(Math.fround((1 + Math.fround(1e-8)) * 1.5));
  });
});
