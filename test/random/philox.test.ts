import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { philox4x32, philoxFill } from '../../src/runtime/random/philox.js';
import { philoxFillWasm, philoxWasm } from '../../src/runtime/random/philox-wasm.js';

// Known-answer vectors published with Random123 (tests/kat_vectors, philox4x32 10 rounds).
const KAT: [[number, number, number, number], [number, number], [number, number, number, number]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [
    [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    [0xffffffff, 0xffffffff],
    [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  ],
  [
    [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    [0xa4093822, 0x299f31d0],
    [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  ],
];

// An independent oracle: the textbook round with exact 64-bit products in BigInt.
function oracle(ctr: readonly number[], key: readonly number[]): number[] {
  const M = 0xffffffffn;
  let [x0, x1, x2, x3] = ctr.map(BigInt) as [bigint, bigint, bigint, bigint];
  let [k0, k1] = key.map(BigInt) as [bigint, bigint];
  for (let r = 0; r < 10; r++) {
    const p0 = 0xd2511f53n * x0;
    const p1 = 0xcd9e8d57n * x2;
    [x0, x1, x2, x3] = [((p1 >> 32n) ^ x1 ^ k0) & M, p1 & M, ((p0 >> 32n) ^ x3 ^ k1) & M, p0 & M];
    k0 = (k0 + 0x9e3779b9n) & M;
    k1 = (k1 + 0xbb67ae85n) & M;
  }
  return [x0, x1, x2, x3].map(Number);
}

function wasmBlock(ctr: readonly number[], key: readonly number[]): number[] {
  const wasm = philoxWasm();
  wasm.fill(0, 1, ctr[0]!, ctr[1]!, ctr[2]!, ctr[3]!, key[0]!, key[1]!);
  return [...new Uint32Array(wasm.memory.buffer, 0, 4)];
}

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('Philox4x32-10', () => {
  test.each(KAT)('matches the published vector for counter %j', (ctr, key, expected) => {
    expect(philox4x32(ctr, key)).toEqual(expected);
    expect(oracle(ctr, key)).toEqual(expected);
    expect(wasmBlock(ctr, key)).toEqual(expected);
  });

  test('the JavaScript and WebAssembly forms agree with the BigInt oracle on any counter and key', () => {
    fc.assert(
      fc.property(fc.tuple(u32, u32, u32, u32), fc.tuple(u32, u32), (ctr, key) => {
        const expected = oracle(ctr, key);
        expect(philox4x32(ctr, key)).toEqual(expected);
        expect(wasmBlock(ctr, key)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('runs of blocks count the 64-bit block index across the low word carry', () => {
    const lo = 0xfffffffe;
    const hi = 7;
    const js = new Uint32Array(16);
    philoxFill(js, 0, 4, lo, hi, 5, 6, 11, 12);
    const wasm = philoxWasm();
    wasm.fill(0, 4, lo, hi, 5, 6, 11, 12);
    expect([...new Uint32Array(wasm.memory.buffer, 0, 16)]).toEqual([...js]);
    const blocks = [
      [0xfffffffe, 7],
      [0xffffffff, 7],
      [0, 8],
      [1, 8],
    ];
    expect([...js]).toEqual(blocks.flatMap(([l, h]) => oracle([l!, h!, 5, 6], [11, 12])));
  });

  test('bulk fills through WebAssembly equal the JavaScript fill, across its internal chunks', () => {
    const blocks = 4096 * 2 + 37;
    const start = 2 ** 40 + 12345;
    const viaWasm = new Uint32Array(blocks * 4 + 8);
    philoxFillWasm(viaWasm, 8, blocks, start, 3, 0, 0xdeadbeef, 0x12345678);
    const viaJs = new Uint32Array(blocks * 4);
    philoxFill(viaJs, 0, blocks, start % 2 ** 32, Math.floor(start / 2 ** 32), 3, 0, 0xdeadbeef, 0x12345678);
    expect(viaWasm.subarray(8)).toEqual(viaJs);
    expect([...viaWasm.subarray(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
