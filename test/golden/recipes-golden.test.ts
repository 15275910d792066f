import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { buildGraph } from '../../src/graph/build.js';
import { createRegistry } from '../../src/registry/registry.js';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';
import { lower, type LoweredModel } from '../../src/plan/lower.js';
import { execute } from '../../src/runtime/executor/execute.js';
import { KERNELS } from '../../src/runtime/methods/index.js';

/**
 * Every golden case, end to end: the legacy recipe is parsed, lowered to a plan and executed, and every key of the
 * output is compared with what sd-mecha computed. Elementwise methods agree to 1e-6; methods built on FFT, SVD or
 * iterative solvers to 1e-4 (float32 reductions in another order).
 */
const LOOSE = new Set(['crossover', 'distribution_crossover', 'rotate', 'rotate_fractional', 'geometric_median', 'ties_median']);

const registry = createRegistry();
const scratch = mkdtempSync(join(tmpdir(), 'mecha-golden-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function readAll(path: string): Map<string, Float32Array> {
  const file = SafetensorsFile.open(path);
  const out = new Map([...file.entries.keys()].map((k) => [k, file.readFloat32(k)]));
  file.close();
  return out;
}

for (const arch of ['sd1', 'sdxl']) {
  const root = join(import.meta.dirname, `../fixtures/golden/${arch}-tiny`);
  const cases = Object.keys(JSON.parse(readFileSync(join(root, 'cases.json'), 'utf8')).cases as Record<string, string>);
  describe(`golden ${arch}-tiny`, () => {
    test.each(cases)('%s', async (name) => {
      const text = readFileSync(join(root, 'cases', name, 'recipe.mecha'), 'utf8');
      const parsed = parse(text);
      expect(parsed.diagnostics).toEqual([]);
      const { graph, diagnostics } = buildGraph(parsed.document);
      expect(diagnostics).toEqual([]);
      const models = new Map<number, LoweredModel>();
      for (const node of graph.nodes) {
        if (node.kind !== 'model') continue;
        const path = join(root, 'models', `${node.path}.safetensors`);
        const file = SafetensorsFile.open(path);
        models.set(node.id, { path, tensors: file.entries });
        file.close();
      }
      const plan = lower({ graph, registry, arch: registry.architecture(arch)!, models, saveDtype: 'F32' });
      const output = join(scratch, `${arch}-${name}.safetensors`);
      await execute(plan, { output, threads: 0, kernels: KERNELS });

      const got = readAll(output);
      const want = readAll(join(root, 'cases', name, 'expected.safetensors'));
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      const tolerance = LOOSE.has(name) ? 1e-4 : 1e-6;
      let worst = 0;
      let worstKey = '';
      for (const [key, expected] of want) {
        const actual = got.get(key)!;
        for (let i = 0; i < expected.length; i++) {
          const err = Math.abs(actual[i]! - expected[i]!);
          if (!(err <= worst)) {
            worst = err;
            worstKey = key;
          }
        }
      }
      expect(worst, `worst key ${worstKey}`).toBeLessThanOrEqual(tolerance);
    });
  });
}
