import { describe, expect, test } from 'vitest';
import { clamp, clip } from '../../src/runtime/methods/clamp.js';
import { f32, run, values } from './tensor-helpers.js';

describe('clamp', () => {
  test('clamps a between the smallest and largest bound', () => {
    expect(values(run(clamp, [f32([0, 5, 10]), f32([2, 2, 2]), f32([8, 8, 8])]))).toEqual([2, 5, 8]);
    expect(values(run(clamp, [f32([0, 5, 10]), f32([8, 8, 8]), f32([2, 2, 2])]))).toEqual([2, 5, 8]);
  });

  test('stiffness pulls each limit toward the nearest bound on its side of the mean', () => {
    // Bounds 0, 1, 2, 4, 10: mean 3.4; nearest above is 4, below is 2. Stiffness 1 moves the limits there.
    const bounds = [0, 1, 2, 4, 10].map((x) => f32([x, x]));
    expect(values(run(clamp, [f32([7, 1]), ...bounds], { stiffness: 1 }))).toEqual([4, 2]);
    // Stiffness 0.5: limits (10 + 4) / 2 = 7 and (0 + 2) / 2 = 1.
    expect(values(run(clamp, [f32([9, -1]), ...bounds], { stiffness: 0.5 }))).toEqual([7, 1]);
  });

  test('the legacy clip centers on the midpoint of min and max instead', () => {
    // Midpoint 5: nearest above is 10, below is 4.
    const bounds = [0, 1, 2, 4, 10].map((x) => f32([x, x]));
    expect(values(run(clip, [f32([7, 1]), ...bounds], { stiffness: 1 }))).toEqual([7, 4]);
  });

  test('NaN in a bound propagates like torch.maximum', () => {
    expect(values(run(clamp, [f32([1]), f32([NaN]), f32([2])])).every(Number.isNaN)).toBe(true);
  });

  test('needs at least one bound', () => {
    expect(() => run(clamp, [f32([1])])).toThrow(/at least 2/);
  });
});
