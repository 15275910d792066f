import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hugeLiteral, nesting, soup } from './arbitraries.js';
import { throughEveryPass } from './pipeline.js';
import { hyperChain, legacyChain, v1Chain } from './recipes.js';

/**
 * Hostile input through parse, check, fmt, fmt --to v1 and plan (lowering and printing): nothing throws, every
 * diagnostic's range lies inside the text, every pass ends within a generous bound. Each property stops early
 * rather than run long on a slow machine.
 */
const BUDGET = { interruptAfterTimeLimit: 8_000, markInterruptAsFailure: false } as const;

describe('fuzzing every pass', () => {
  test('token soup', () => {
    const header = fc.constantFrom('version 1\n', 'version 0.1.0\n', '');
    fc.assert(
      fc.property(header, soup, (h, body) => void throughEveryPass(h + body)),
      { numRuns: 300, ...BUDGET },
    );
  });

  test('deep nesting, closed or not', () => {
    fc.assert(fc.property(nesting, (text) => void throughEveryPass(text)), { numRuns: 40, ...BUDGET });
  });

  test('huge literals', () => {
    fc.assert(fc.property(hugeLiteral, (text) => void throughEveryPass(text)), { numRuns: 20, ...BUDGET });
  });

  test('long chains through names and &N lines lower to one step per link', () => {
    const chain = fc.tuple(fc.constantFrom(v1Chain, legacyChain, hyperChain), fc.integer({ min: 3, max: 3000 }));
    fc.assert(
      fc.property(chain, ([make, length]) => {
        const plan = throughEveryPass(make(length));
        expect(plan, 'a valid chain makes a plan').toBeDefined();
        const key = plan!.keys.find((k) => k.kind === 'compute');
        if (key?.kind !== 'compute') throw new Error('no merged key');
        const links = make === hyperChain ? 1 : make === legacyChain ? length - 2 : length;
        expect(key.program.steps).toHaveLength(links);
      }),
      { numRuns: 12, ...BUDGET },
    );
  });

  test('large files: a statement repeated over thousands of lines', () => {
    const statement = fc.constantFrom(
      'let x = weighted_sum(a, b)',
      'model a = "a" : sd1',
      '# a comment',
      '',
      'let = (',
      'merge "weighted_sum" &0 &1',
      'let m = default(sd1, 0.5) | blocks(sd1.unet, in0=0.1)',
    );
    fc.assert(
      fc.property(statement, fc.integer({ min: 1000, max: 20_000 }), (line, count) => {
        throughEveryPass(`version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\n${`${line}\n`.repeat(count)}`);
      }),
      { numRuns: 6, ...BUDGET },
    );
  });
});
