import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lower } from '../../src/plan/lower.js';
import { loweredModels } from '../../src/plan/lowered-models.js';
import { createRegistry } from '../../src/registry/index.js';
import { CHECK_DIR, checkText, fixtureCases, readOptions } from './baseline.js';

/**
 * What `check` passes, `run` can plan: every checker fixture with no error whose models were all read is lowered,
 * and lowering must not refuse it (a refusal there is a problem the checker should have reported).
 */
const registry = createRegistry();

const runnable = fixtureCases().filter((name) => {
  const text = readFileSync(join(CHECK_DIR, name), 'utf8');
  const options = readOptions(name);
  if (options.noFs) return false;
  const { diagnostics, result } = checkText(text, options, registry);
  const models = result.graph.nodes.filter((n) => n.kind === 'model' || n.kind === 'param');
  return diagnostics.every((d) => d.severity !== 'error') && models.every((n) => result.models.has(n.id));
});

describe('a recipe the checker passes, lowering plans', () => {
  test('some fixtures are runnable', () => {
    expect(runnable.length).toBeGreaterThan(5);
  });

  test.each(runnable)('%s', (name) => {
    const text = readFileSync(join(CHECK_DIR, name), 'utf8');
    const { result } = checkText(text, readOptions(name), registry);
    const archId = result.graph.output === undefined ? undefined : result.types.get(result.graph.output)?.arch;
    const arch = archId === undefined ? undefined : registry.architecture(archId);
    expect(arch).toBeDefined();
    const { models, problems } = loweredModels(result, registry, arch!);
    expect(problems).toEqual([]);
    const plan = lower({ graph: result.graph, registry, arch: arch!, models, types: result.types });
    expect(plan.keys.length).toBeGreaterThan(0);
  });
});
