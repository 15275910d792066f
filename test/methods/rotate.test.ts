import { describe, expect, test } from 'vitest';
import { determinantSign } from '../../src/runtime/linalg/determinant.js';
import { matmul } from '../../src/runtime/linalg/matmul.js';
import { type Matrix, fromArray, transpose } from '../../src/runtime/linalg/matrix.js';
import { orthogonalPower } from '../../src/runtime/linalg/orthogonal-power.js';
import { svd } from '../../src/runtime/linalg/svd.js';
import { type Tensor, kernelContext } from '../../src/runtime/methods/kernel.js';
import { rotate } from '../../src/runtime/methods/rotate.js';
import { seededNormal } from '../linalg/random.js';

const ctx = kernelContext('model.diffusion_model.x.weight', 'fp64');

function randomTensor(shape: number[], seed: number, scale = 1): Tensor {
  const g = seededNormal(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, () => g() * scale) };
}

function rotation(n: number, seed: number): Matrix {
  const { u, v } = svd(fromArray(n, n, randomTensor([n, n], seed).data));
  const q = matmul(u, transpose(v));
  if (determinantSign(q) < 0) for (let i = 0; i < n; i++) q.data[i] = -q.data[i]!;
  return q;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Rows of x (rows x cols) times q, plus a per-column offset. */
function transformRows(x: Tensor, rows: number, cols: number, q: Matrix, offset: number[]): Tensor {
  const y = matmul(fromArray(rows, cols, x.data), q);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) y.data[i * cols + j] += offset[j]!;
  return { shape: x.shape, data: y.data };
}

function centered(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = Float64Array.from(x);
  for (let j = 0; j < cols; j++) {
    let m = 0;
    for (let i = 0; i < rows; i++) m += out[i * cols + j]! / rows;
    for (let i = 0; i < rows; i++) out[i * cols + j] -= m;
  }
  return out;
}

describe('rotate', () => {
  const a = randomTensor([8, 5], 1);
  const q = rotation(5, 2);
  const shift = [0.5, -1, 2, 0, 1];
  // b is a with its centered rows rotated and moved to another centroid: rotate can align them exactly.
  const aCentered: Tensor = { shape: [8, 5], data: centered(a.data, 8, 5) };
  const b = transformRows(aCentered, 8, 5, q, shift);

  test('alignment 1 maps a onto b when b is a rotated copy', () => {
    const out = rotate([a, b], { alignment: 1, alpha: 0 }, ctx);
    expect(maxDiff(out.data, b.data)).toBeLessThan(1e-12);
  });

  test('alignment 0 and alpha 0 return a; alignment 1 and alpha 1 return b for any b', () => {
    expect(maxDiff(rotate([a, b], { alignment: 0, alpha: 0 }, ctx).data, a.data)).toBe(0);
    const other = randomTensor([8, 5], 9);
    expect(maxDiff(rotate([a, other], { alignment: 1, alpha: 1 }, ctx).data, other.data)).toBeLessThan(1e-12);
  });

  test('a fractional alignment applies the fractional power of the rotation and moves the centroid linearly', () => {
    const out = rotate([a, b], { alignment: 0.5, alpha: 0 }, ctx);
    const half = orthogonalPower(q, 0.5);
    const expected = transformRows(
      aCentered,
      8,
      5,
      half,
      shift.map((s, j) => 0.5 * s + 0.5 * centroid(a, j)),
    );
    expect(maxDiff(out.data, expected.data)).toBeLessThan(1e-10);
  });

  test('the transform is orthogonal: the centered rows keep their inner products', () => {
    const other = randomTensor([8, 5], 4);
    for (const alignment of [1, 0.3, 2]) {
      const out = rotate([a, other], { alignment, alpha: 0 }, ctx);
      const x = fromArray(8, 5, centered(out.data, 8, 5));
      const y = fromArray(8, 5, aCentered.data);
      expect(maxDiff(matmul(x, transpose(x)).data, matmul(y, transpose(y)).data)).toBeLessThan(1e-10);
    }
  });

  test('conv weights with a spatial kernel are aligned over kernel positions', () => {
    // 3 x 2 x 2 x 2: six rows of four kernel positions. Rotating the positions of every row by one q is undone.
    const conv = randomTensor([3, 2, 2, 2], 5);
    const rows = 6;
    const cols = 4;
    const c = { shape: conv.shape, data: centered(conv.data, rows, cols) };
    const q4 = rotation(4, 6);
    const target = transformRows(c, rows, cols, q4, [1, 2, 3, 4]);
    const out = rotate([conv, target], { alignment: 1 }, ctx);
    expect(out.shape).toEqual([3, 2, 2, 2]);
    expect(maxDiff(out.data, target.data)).toBeLessThan(1e-12);
  });

  test('1x1 convs use one row per output channel', () => {
    const conv = randomTensor([4, 3, 1, 1], 7);
    const c = { shape: conv.shape, data: centered(conv.data, 4, 3) };
    const target = transformRows(c, 4, 3, rotation(3, 8), [0, 0, 1]);
    expect(maxDiff(rotate([conv, target], {}, ctx).data, target.data)).toBeLessThan(1e-12);
  });

  test('wide matrices take the reduced path and still align exactly', () => {
    const wide = randomTensor([4, 20], 10);
    const c = { shape: wide.shape, data: centered(wide.data, 4, 20) };
    const target = transformRows(c, 4, 20, rotation(20, 11), new Array(20).fill(0.1));
    expect(maxDiff(rotate([wide, target], { alignment: 1 }, ctx).data, target.data)).toBeLessThan(1e-12);
  });

  test('vectors and tensors equal at fp16 precision are a weighted sum with alpha', () => {
    const v = randomTensor([6], 12);
    const w = randomTensor([6], 13);
    const out = rotate([v, w], { alignment: 1, alpha: 0.25 }, ctx);
    expect(
      maxDiff(
        out.data,
        v.data.map((x, i) => 0.75 * x + 0.25 * w.data[i]!),
      ),
    ).toBeLessThan(1e-15);
    const nearlyA: Tensor = { shape: a.shape, data: a.data.map((x) => x * (1 + 1e-6)) };
    const same = rotate([a, nearlyA], { alignment: 1, alpha: 0.5 }, ctx);
    expect(
      maxDiff(
        same.data,
        a.data.map((x, i) => 0.5 * x + 0.5 * nearlyA.data[i]!),
      ),
    ).toBeLessThan(1e-15);
  });

  test('fp32 work dtype rounds the output', () => {
    const out = rotate([a, b], {}, kernelContext('k', 'fp32'));
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(maxDiff(out.data, b.data)).toBeLessThan(1e-6);
  });
});

function centroid(t: Tensor, j: number): number {
  let m = 0;
  for (let i = 0; i < 8; i++) m += t.data[i * 5 + j]! / 8;
  return m;
}
