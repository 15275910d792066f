import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { createRegistry } from '../../src/registry/index.js';
import { check } from '../../src/typecheck/check.js';
import type { CheckHost } from '../../src/typecheck/host.js';
import { CHECK_DIR, fixtureCases } from './baseline.js';

const registry = createRegistry();
const sources = fixtureCases().map((name) => readFileSync(join(CHECK_DIR, name), 'utf8'));
const sd1Keys = [...registry.architecture('sd1')!.keys.keys()];

/** A host whose answer depends on the path: found (sd1 keys or junk), missing, or not safetensors. */
const host: CheckHost = {
  readModelHeader(path) {
    const h = [...path].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7) % 4;
    if (h === 0) return { error: 'not-found', message: 'nowhere' };
    if (h === 1) return { error: 'not-safetensors', message: 'junk' };
    const keys = h === 2 ? sd1Keys : ['x.weight'];
    return { file: `${path}.safetensors`, tensors: new Map(keys.map((k) => [k, { shape: [1], dtype: 'F32' }])) };
  },
};

function checkAll(text: string): void {
  const parsed = parse(text);
  for (const withHost of [undefined, host]) {
    const result = check(parsed.document, registry, withHost, { text, requireParams: true, requireFiles: true });
    for (const d of result.diagnostics) {
      expect(d.span.start).toBeGreaterThanOrEqual(0);
      expect(d.span.end).toBeLessThanOrEqual(text.length);
      expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      for (const fix of d.fixes ?? []) {
        for (const edit of fix.edits) {
          expect(edit.span.start).toBeGreaterThanOrEqual(0);
          expect(edit.span.end).toBeLessThanOrEqual(text.length);
        }
      }
    }
    expect(result.types.size).toBe(result.graph.nodes.length);
  }
}

/** Pieces of recipes, so random texts often get deep into the checker rather than stopping at the parser. */
const PIECES = [
  'version 1\n', 'version 0.1.0\n', 'model ', 'param ', 'let ', 'output ', 'merge ', 'dict ', 'literal ', 'parameter ',
  'a', 'b', ' = ', '"sd1-tiny/models/a"', ' : sd1', ' : sdxl delta', ' lora', 'weighted_sum(', 'add_difference(',
  'subtract(', 'ties_sum(', 'convert_singleton(', 'blocks(sd1.unet, ', 'classes(sdxl.txt2, ', 'default(sd1, ', 'mbw(sd1, "0,1")',
  'in2=0.5', 'out*=1', 'alpha=', 'k=2', 'seed=', 'vote_sgn=1', '0.5', '"x"', 'null', 'true', '&0', '&1', '&9', ', ', ')', '(',
  ' | ', '\n', 'sd1_unet_block_in12=0.5 ', 'key=0.3 ', 'model_config="singleton-mecha" ', 'merge_space="param" ', '"fallback" ',
];

describe('the checker never throws', () => {
  test('on recipes spliced from recipe pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (pieces) => {
        checkAll(pieces.join(''));
      }),
      { numRuns: 400 },
    );
  });

  test('on fixtures with a stretch deleted or replaced', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.nat(),
        fc.nat({ max: 40 }),
        fc.string({ maxLength: 12 }),
        (source, at, length, insert) => {
          const start = at % (source.length + 1);
          checkAll(source.slice(0, start) + insert + source.slice(start + length));
        },
      ),
      { numRuns: 400 },
    );
  });
});
