import { describe, expect, test } from 'vitest';
import { determinantSign } from '../../src/runtime/linalg/determinant.js';
import { matmul } from '../../src/runtime/linalg/matmul.js';
import { type Matrix, fromArray, identity, maxAbsDiff, transpose } from '../../src/runtime/linalg/matrix.js';
import { integerPower, orthogonalPower } from '../../src/runtime/linalg/orthogonal-power.js';
import { orthogonalityError, randomOrthogonal } from './helpers.js';

function rotation2(theta: number): Matrix {
  return fromArray(2, 2, [Math.cos(theta), -Math.sin(theta), Math.sin(theta), Math.cos(theta)]);
}

/** A random rotation (det +1). */
function randomRotation(n: number, seed: number): Matrix {
  const q = randomOrthogonal(n, seed);
  if (determinantSign(q) < 0) for (let i = 0; i < n; i++) q.data[i * n] = -q.data[i * n]!;
  return q;
}

describe('fractional power of an orthogonal matrix', () => {
  test('a plane rotation by theta to the power t rotates by t theta', () => {
    for (const theta of [0.3, -1.2, 2.9, 3.1]) {
      for (const t of [0.5, 0.25, 1.5, -0.5]) {
        expect(maxAbsDiff(orthogonalPower(rotation2(theta), t), rotation2(t * theta))).toBeLessThan(1e-13);
      }
    }
  });

  test('the principal branch: an angle past pi is taken as the negative one', () => {
    // Rotation by 3.5 rad is the rotation by 3.5 - 2 pi; its square root rotates by half of that.
    expect(maxAbsDiff(orthogonalPower(rotation2(3.5), 0.5), rotation2((3.5 - 2 * Math.PI) / 2))).toBeLessThan(1e-13);
  });

  test.each([3, 6, 9, 40])('(R^0.5)^2 = R for a random rotation of order %i', (n) => {
    const r = randomRotation(n, n);
    const half = orthogonalPower(r, 0.5);
    // Angles near pi amplify rounding (sin(t theta) / sin(theta) grows), hence the looser bound.
    expect(orthogonalityError(half)).toBeLessThan(1e-10);
    expect(maxAbsDiff(matmul(half, half), r)).toBeLessThan(1e-10);
  });

  test('powers add: R^a R^b = R^(a + b), and R^t stays a rotation', () => {
    const r = randomRotation(7, 3);
    const a = orthogonalPower(r, 0.3);
    const b = orthogonalPower(r, 0.45);
    expect(maxAbsDiff(matmul(a, b), orthogonalPower(r, 0.75))).toBeLessThan(1e-12);
    expect(determinantSign(a)).toBe(1);
    expect(orthogonalityError(a)).toBeLessThan(1e-12);
    // Fractional powers approach the integer ones continuously.
    expect(maxAbsDiff(orthogonalPower(r, 1 - 1e-9), r)).toBeLessThan(1e-7);
    expect(maxAbsDiff(orthogonalPower(r, 1e-9), identity(7))).toBeLessThan(1e-7);
  });

  test('identity, and an exact half turn as the reference computes it', () => {
    expect(maxAbsDiff(orthogonalPower(identity(4), 0.37), identity(4))).toBeLessThan(1e-15);
    // diag(-1, -1, 1): eig gives the eigenvalue -1 + 0i twice, (-1)^0.5 = i, and the real part of the result is 0 on
    // that plane (no square root at all, but what the reference's eig path returns).
    const m = fromArray(3, 3, [-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(maxAbsDiff(orthogonalPower(m, 0.5), fromArray(3, 3, [0, 0, 0, 0, 0, 0, 0, 0, 1]))).toBeLessThan(1e-15);
    // t = 1/3 on the same plane: Re((-1)^(1/3)) = cos(pi/3).
    expect(orthogonalPower(m, 1 / 3).data[0]).toBeCloseTo(0.5, 14);
  });

  test('integer powers multiply out; negative ones use the transpose', () => {
    const r = randomOrthogonal(5, 8);
    expect(maxAbsDiff(integerPower(r, 3), matmul(matmul(r, r), r))).toBeLessThan(1e-13);
    expect(maxAbsDiff(integerPower(r, -2), matmul(transpose(r), transpose(r)))).toBeLessThan(1e-13);
    expect(maxAbsDiff(integerPower(r, 0), identity(5))).toBe(0);
    expect(maxAbsDiff(orthogonalPower(r, 2), matmul(r, r))).toBeLessThan(1e-13);
  });
});

describe('determinant sign', () => {
  test('known matrices', () => {
    expect(determinantSign(identity(3))).toBe(1);
    expect(determinantSign(fromArray(2, 2, [0, 1, 1, 0]))).toBe(-1);
    expect(determinantSign(fromArray(2, 2, [1, 2, 2, 4]))).toBe(0);
    expect(determinantSign(fromArray(3, 3, [2, 0, 0, 0, -3, 0, 0, 0, -1e-200]))).toBe(1);
    expect(determinantSign(fromArray(3, 3, [0, 0, 1, 0, 1, 0, 1, 0, 0]))).toBe(-1);
  });
});
