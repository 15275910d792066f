import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { OutputArena } from '../../../src/runtime/executor/arena.js';

describe('OutputArena', () => {
  test('allocates in order, wraps around, and refuses when full', () => {
    const arena = new OutputArena(1024);
    const a = arena.allocate(400)!;
    const b = arena.allocate(400)!;
    expect([a, b]).toEqual([0, 448]);
    expect(arena.allocate(400)).toBeUndefined(); // 896 used, 128 left at the end
    arena.release(a);
    expect(arena.allocate(400)).toBe(0); // wraps into the space the first one freed
    expect(arena.allocate(64)).toBeUndefined(); // between the wrapped tail (448) and the head (448): nothing
    arena.release(b);
    expect(arena.bytesInUse).toBe(448);
  });

  test('refuses a key larger than the arena', () => {
    expect(new OutputArena(256).allocate(257)).toBeUndefined();
  });

  test('release must follow allocation order', () => {
    const arena = new OutputArena(1024);
    arena.allocate(64);
    const second = arena.allocate(64)!;
    expect(() => arena.release(second)).toThrow(/out of order/);
  });

  test('live allocations never overlap and stay inside the buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 300 }), fc.boolean()), { maxLength: 200 }), (ops) => {
        const arena = new OutputArena(1000);
        const live: { offset: number; size: number }[] = [];
        for (const [size, release] of ops) {
          if (release && live.length > 0) arena.release(live.shift()!.offset);
          const offset = arena.allocate(size);
          if (offset === undefined) continue;
          expect(offset + size).toBeLessThanOrEqual(1000);
          for (const other of live) expect(offset + size <= other.offset || other.offset + other.size <= offset).toBe(true);
          live.push({ offset, size });
        }
      }),
    );
  });
});
