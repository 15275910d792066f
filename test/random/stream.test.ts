import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { keepThreshold, RandomStream, uniformFromWord } from '../../src/runtime/random/stream.js';

const NAME = 'cond_stage_model.transformer.text_model.encoder.layers.0.mlp.fc1.weight';

function words(stream: RandomStream, first: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  stream.fillUint32(out, first);
  return out;
}

/** |observed - expected| within six standard deviations of a binomial proportion. */
function expectRate(hits: number, trials: number, p: number): void {
  const sd = Math.sqrt((p * (1 - p)) / trials);
  expect(Math.abs(hits / trials - p)).toBeLessThanOrEqual(6 * sd + 1e-12);
}

describe('RandomStream: random access', () => {
  test('any run of words equals the words drawn one at a time', () => {
    const stream = RandomStream.of(7, 'test', NAME, 2);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 200 }), (first, count) => {
        const run = words(stream, first, count);
        for (let j = 0; j < count; j += 7) expect(run[j]).toBe(stream.uint32At(first + j));
      }),
      { numRuns: 200 },
    );
  });

  test('cutting a tensor into chunks of any size gives the same words', () => {
    const stream = RandomStream.of(3, 'test', NAME, 0);
    const whole = words(stream, 5, 20000);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 30 }), (sizes) => {
        const pieces = new Uint32Array(20000);
        let at = 0;
        for (let s = 0; at < 20000; s++) {
          const len = Math.min(sizes[s % sizes.length]!, 20000 - at);
          const part = new Uint32Array(len);
          stream.fillUint32(part, 5 + at);
          pieces.set(part, at);
          at += len;
        }
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });

  test('fills a prefix of a larger buffer and leaves the rest alone', () => {
    const stream = RandomStream.of(1, 'test', NAME);
    const buf = new Uint32Array(10).fill(0xabcdef);
    stream.fillUint32(buf, 3, 6);
    expect([...buf.subarray(0, 6)]).toEqual([...words(stream, 3, 6)]);
    expect([...buf.subarray(6)]).toEqual([0xabcdef, 0xabcdef, 0xabcdef, 0xabcdef]);
    expect(() => stream.fillUint32(buf, 0, 11)).toThrow(RangeError);
    expect(() => stream.fillUint32(buf, -1)).toThrow(RangeError);
    expect(() => stream.fillUint32(buf, 0.5)).toThrow(RangeError);
  });
});

describe('RandomStream: determinism', () => {
  test('the same (seed, domain, key, stream) gives the same words from a fresh instance', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), fc.nat({ max: 64 }), fc.nat({ max: 5000 }), (seed, name, stream, first) => {
        expect(words(RandomStream.of(seed, 'd', name, stream), first, 64)).toEqual(
          words(RandomStream.of(seed, 'd', name, stream), first, 64),
        );
      }),
      { numRuns: 100 },
    );
  });

  test('another seed, domain, key or stream gives other words', () => {
    const base = words(RandomStream.of(11, 'dropout', NAME, 0), 0, 256);
    const variants = [
      RandomStream.of(12, 'dropout', NAME, 0),
      RandomStream.of(11, 'della', NAME, 0),
      RandomStream.of(11, 'dropout', NAME + 'x', 0),
      RandomStream.of(11, 'dropout', NAME, 1),
    ];
    for (const v of variants) {
      const other = words(v, 0, 256);
      let same = 0;
      for (let j = 0; j < 256; j++) if (other[j] === base[j]) same++;
      expect(same).toBeLessThan(3);
    }
  });

  test('keys drawn in a shuffled order, or in another worker thread, give the same words', async () => {
    const keys = Array.from({ length: 24 }, (_, i) => `model.diffusion_model.output_blocks.${i}.0.weight`);
    const job = { seed: 99, domain: 'dropout', stream: 1, count: 4099, keys };
    const here = new Map<string, Uint32Array>();
    for (const key of keys) here.set(key, words(RandomStream.of(99, 'dropout', key, 1), 0, 4099));

    const shuffled = fc.sample(fc.shuffledSubarray(keys, { minLength: keys.length }), { numRuns: 1, seed: 5 })[0]!;
    expect(shuffled).not.toEqual(keys);
    for (const key of shuffled) expect(words(RandomStream.of(99, 'dropout', key, 1), 0, 4099)).toEqual(here.get(key));

    // A plain worker cannot load TypeScript; tsx's API imports the worker module through its loader.
    const worker = new Worker(
      "const { workerData } = require('node:worker_threads');" +
        "import('tsx/esm/api').then((tsx) => tsx.tsImport(workerData.file, workerData.parent));",
      { eval: true, workerData: { file: new URL('./draw-worker.ts', import.meta.url).href, parent: import.meta.url } },
    );
    try {
      const there = await new Promise<Record<string, Uint32Array>>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ ...job, keys: [...shuffled].reverse() });
      });
      for (const key of keys) expect(there[key]).toEqual(here.get(key));
    } finally {
      await worker.terminate();
    }
  });
});

describe('RandomStream: distributions', () => {
  const N = 1 << 20;
  const stream = RandomStream.of(2024, 'test', NAME, 0);
  const big = words(stream, 0, N);

  test('uniform floats lie in [0, 1) on the fp32 grid of 2^-24, with the moments of U(0, 1)', () => {
    const u = new Float32Array(N);
    stream.fillUniform(u, 0);
    let sum = 0;
    let sq = 0;
    let outside = 0;
    let offGrid = 0;
    for (let j = 0; j < N; j++) {
      const x = u[j]!;
      if (!(x >= 0 && x < 1)) outside++;
      if (!Number.isInteger(x * 2 ** 24)) offGrid++;
      sum += x;
      sq += x * x;
    }
    expect(outside).toBe(0);
    expect(offGrid).toBe(0);
    // mean 1/2 (sd 1/sqrt(12 N)), mean square 1/3 (sd sqrt(4/45 / N)); six standard deviations.
    expect(Math.abs(sum / N - 0.5)).toBeLessThan(6 / Math.sqrt(12 * N));
    expect(Math.abs(sq / N - 1 / 3)).toBeLessThan(6 * Math.sqrt(4 / 45 / N));
    expect(uniformFromWord(0)).toBe(0);
    expect(uniformFromWord(0xffffffff)).toBe(Math.fround(1 - 2 ** -24));
  });

  test('every byte value is equally frequent (chi-square over 256 cells)', () => {
    const bytes = new Uint8Array(big.buffer);
    const counts = new Float64Array(256);
    for (const b of bytes) counts[b]!++;
    const expected = bytes.length / 256;
    let chi = 0;
    for (const c of counts) chi += (c - expected) ** 2 / expected;
    // 255 degrees of freedom: mean 255, sd 22.6; 400 is beyond six standard deviations.
    expect(chi).toBeLessThan(400);
  });

  test('neighbouring words are uncorrelated (lag-1 serial correlation of the uniforms)', () => {
    let sxy = 0;
    for (let j = 1; j < N; j++) sxy += (uniformFromWord(big[j - 1]!) - 0.5) * (uniformFromWord(big[j]!) - 0.5);
    const corr = sxy / (N - 1) / (1 / 12);
    expect(Math.abs(corr)).toBeLessThan(6 / Math.sqrt(N));
  });

  test('Bernoulli masks keep at the requested rate', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 1000 }), (q, seed) => {
        const mask = new Uint8Array(1 << 16);
        RandomStream.of(seed, 'test', NAME).fillBernoulli(mask, q, 0);
        let kept = 0;
        for (const m of mask) kept += m;
        expectRate(kept, mask.length, q);
      }),
      { numRuns: 40 },
    );
  });

  test('keep probabilities 0 and 1 are exact', () => {
    let low = 0;
    let high = 0;
    for (const w of big) {
      if (w < keepThreshold(0)) low++;
      if (w < keepThreshold(1)) high++;
    }
    expect(low).toBe(0);
    expect(high).toBe(N);
  });
});
