import { describe, expect, test } from 'vitest';
import { chooseRank, lowRankFactors } from '../../src/lora/extract/low-rank.js';
import { matmul } from '../../src/runtime/linalg/matmul.js';
import type { Matrix } from '../../src/runtime/linalg/matrix.js';
import { svd } from '../../src/runtime/linalg/svd.js';
import { seededNormal } from '../linalg/random.js';

function gaussian(rows: number, cols: number, seed: number): Matrix {
  const next = seededNormal(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, next) };
}

/** U diag(s) V^T with random orthonormal U, V: a matrix whose singular values are exactly `s`. */
function withSpectrum(rows: number, cols: number, s: readonly number[], seed: number): Matrix {
  const u = svd(gaussian(rows, s.length, seed)).u;
  const v = svd(gaussian(cols, s.length, seed + 1)).u;
  const us = { rows, cols: s.length, data: u.data.map((x, i) => x * s[i % s.length]!) };
  return matmul(us, { rows: s.length, cols, data: transposeData(v) });
}

function transposeData(m: Matrix): Float64Array {
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j]!;
  return out;
}

/** ||A - up down||_F. */
function residual(a: Matrix, f: { rank: number; up: Float64Array; down: Float64Array }): number {
  const product = matmul({ rows: a.rows, cols: f.rank, data: f.up }, { rows: f.rank, cols: a.cols, data: f.down });
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += (a.data[i]! - product.data[i]!) ** 2;
  return Math.sqrt(sum);
}

function norm(a: Matrix): number {
  return Math.sqrt(a.data.reduce((s, x) => s + x * x, 0));
}

/** The Eckart-Young optimum: the norm of the singular values beyond k. */
function optimalError(a: Matrix, k: number): number {
  const { s } = svd(a);
  let sum = 0;
  for (let i = k; i < s.length; i++) sum += s[i]! ** 2;
  return Math.sqrt(sum);
}

describe('low-rank factors', () => {
  test.each([
    ['exact path', 40, 60, 12],
    ['sketched path', 160, 480, 8],
  ])('a delta of rank r is rebuilt at rank r (%s)', (_name, rows, cols, r) => {
    const a = matmul(gaussian(rows, r, 1), gaussian(r, cols, 2));
    const f = lowRankFactors(a, { maxRank: r });
    expect(f.rank).toBe(r);
    expect(residual(a, f) / norm(a)).toBeLessThan(1e-9);
  });

  test.each([
    ['a decaying spectrum', (rows: number, cols: number) => withSpectrum(rows, cols, Array.from({ length: rows }, (_, i) => 1 / (1 + i) ** 0.7), 3)],
    ['a flat random spectrum', (rows: number, cols: number) => gaussian(rows, cols, 4)],
  ])('for %s, the error at rank k is within one percent of the optimum', (_name, make) => {
    const a = make(192, 640);
    for (const k of [8, 32]) {
      const f = lowRankFactors(a, { maxRank: k });
      expect(f.rank).toBe(k);
      expect(residual(a, f)).toBeLessThanOrEqual(1.01 * optimalError(a, k));
    }
  });

  test('a wide or tall matrix gives factors of the matching shapes', () => {
    const tall = gaussian(300, 40, 5);
    const f = lowRankFactors(tall, { maxRank: 4 });
    expect(f.up.length).toBe(300 * 4);
    expect(f.down.length).toBe(4 * 40);
    expect(residual(tall, f)).toBeLessThanOrEqual(1.01 * optimalError(tall, 4));
  });

  test('the rank never exceeds the smaller dimension', () => {
    const a = gaussian(6, 50, 6);
    expect(lowRankFactors(a, { maxRank: 64 }).rank).toBe(6);
  });

  test('sv fraction keeps the singular values at least that share of the largest', () => {
    const a = withSpectrum(120, 400, [10, 8, 5, 2, 0.9, 0.5, 0.1], 7);
    expect(lowRankFactors(a, { maxRank: 64, svFraction: 0.19 }).rank).toBe(4);
    expect(lowRankFactors(a, { maxRank: 64, svFraction: 0.05 }).rank).toBe(6);
    expect(lowRankFactors(a, { maxRank: 2, svFraction: 0.05 }).rank).toBe(2);
  });

  test('fro share keeps the fewest singular values reaching that share of the norm', () => {
    const s = [10, 8, 5, 2, 0.9, 0.5, 0.1];
    const a = withSpectrum(120, 400, s, 8);
    const total = s.reduce((t, x) => t + x * x, 0);
    for (const share of [0.5, 0.9, 0.99, 0.999]) {
      const f = lowRankFactors(a, { maxRank: 64, froShare: share });
      const kept = s.slice(0, f.rank).reduce((t, x) => t + x * x, 0);
      expect(Math.sqrt(kept / total)).toBeGreaterThanOrEqual(share - 1e-12);
      const fewer = s.slice(0, f.rank - 1).reduce((t, x) => t + x * x, 0);
      expect(Math.sqrt(fewer / total)).toBeLessThan(share);
    }
  });

  test('chooseRank keeps at least one value of a zero matrix under a dynamic rule', () => {
    expect(chooseRank(new Float64Array(4), 4, { maxRank: 4, svFraction: 0.5 }, 0)).toBe(1);
    expect(chooseRank(new Float64Array(4), 4, { maxRank: 4 }, 0)).toBe(4);
  });
});
