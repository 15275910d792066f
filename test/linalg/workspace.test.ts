import { describe, expect, test } from 'vitest';
import { Workspace, acquireWorkspace, ptr, releaseWorkspace } from '../../src/runtime/linalg/wasm/workspace.js';
import { seededRandom } from './random.js';

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Reference: rotation i on rows (i, i + 1): x' = c x + s y, y' = c y - s x. */
function rotateRows(z: Float64Array, cols: number, i: number, c: number, s: number): void {
  for (let k = 0; k < cols; k++) {
    const x = z[i * cols + k]!;
    const y = z[(i + 1) * cols + k]!;
    z[i * cols + k] = c * x + s * y;
    z[(i + 1) * cols + k] = c * y - s * x;
  }
}

describe('workspace', () => {
  test('arrays are zeroed, disjoint, and the capacity is enforced', () => {
    const ws = new Workspace(100, 4);
    const a = ws.f64(10);
    const b = ws.f64(10);
    a.fill(1);
    expect(Array.from(b).every((x) => x === 0)).toBe(true);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 80);
    const mark = ws.mark();
    ws.f64(50).fill(7);
    ws.release(mark);
    expect(Array.from(ws.f64(50)).every((x) => x === 0)).toBe(true);
    expect(() => ws.f64(1e7)).toThrow(RangeError);
  });

  test('small workspaces are reused once released, never while held', () => {
    const first = acquireWorkspace(1000);
    const nested = acquireWorkspace(1000);
    expect(nested).not.toBe(first);
    releaseWorkspace(nested);
    releaseWorkspace(first);
    const again = acquireWorkspace(1000);
    expect(again === first || again === nested).toBe(true);
    releaseWorkspace(again);
  });
});

describe('SIMD kernels', () => {
  const rand = seededRandom(1);
  const ws = new Workspace(40000);

  test.each([1, 2, 3, 7, 8, 33])('axpy and dot, length %i', (n) => {
    const x = ws.copy(Array.from({ length: n }, () => rand() - 0.5));
    const y = ws.copy(Array.from({ length: n }, () => rand() - 0.5));
    const expected = Array.from(y, (v, i) => v + 0.3 * x[i]!);
    const dot = Array.from(x).reduce((s, v, i) => s + v * y[i]!, 0);
    expect(ws.fn.dot(ptr(x), ptr(y), n)).toBeCloseTo(dot, 14);
    ws.fn.axpy(ptr(y), ptr(x), n, 0.3);
    expect(maxDiff(y, expected)).toBeLessThan(1e-15);
  });

  test.each([
    [2, 5, 0, 1],
    [6, 7, 0, 5],
    [9, 4, 2, 8],
    [13, 11, 1, 12],
    [12, 1, 3, 9],
  ])('rot_chain on %i rows of %i, rotations %i..%i, both directions', (rows, cols, lo, hi) => {
    for (const desc of [0, 1]) {
      const init = Array.from({ length: rows * cols }, () => rand() - 0.5);
      const z = ws.copy(init);
      const angles = Array.from({ length: rows }, () => rand() * 6);
      const cs = ws.copy(angles.map(Math.cos));
      const sn = ws.copy(angles.map(Math.sin));
      ws.fn.rot_chain(ptr(z), cols * 8, lo, hi, ptr(cs), ptr(sn), cols, desc);
      const ref = Float64Array.from(init);
      if (desc) for (let i = hi - 1; i >= lo; i--) rotateRows(ref, cols, i, cs[i]!, sn[i]!);
      else for (let i = lo; i < hi; i++) rotateRows(ref, cols, i, cs[i]!, sn[i]!);
      expect(maxDiff(z, ref)).toBeLessThan(1e-14);
    }
  });
});
