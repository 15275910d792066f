import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createRegistry } from '../../src/registry/registry.js';
import { hyperDefault, type HyperParam, type MethodSignature } from '../../src/registry/methods/index.js';
import { kernelContext, type HyperValue, type Kernel, type Tensor } from '../../src/runtime/methods/kernel.js';
import { KERNELS } from '../../src/runtime/methods/index.js';
import { METHOD_EXAMPLES } from '../../src/registry/methods/examples.js';
import { SafetensorsFile } from '../../src/runtime/safetensors/file.js';
import { SafetensorsWriter } from '../../src/runtime/safetensors/writer.js';
import { checkRecipe, GOLDEN_MODELS, readModel, runPlan } from './run-recipe.js';

/**
 * The registry and the runtime agree: every method a recipe can name has a kernel under its canonical name, every
 * kernel has a signature, and each kernel reads exactly the hyperparameters its signature declares, no more (a
 * name the planner never passes would silently take the kernel's own fallback) and no fewer (a declared one
 * would be accepted and ignored).
 */

const registry = createRegistry();

/** Resolved by the planner itself, never by a kernel. */
const STRUCTURAL = new Set(['fallback', 'convert_singleton', 'literal']);
/** Methods whose result is a file of another kind, written by its own writer (to_lora: a LoRA). */
const OUTPUT_ONLY = new Set(['to_lora']);

/** The names a kernel reads from its hyperparameters, observed through a Proxy over one call. */
function observeReads(kernel: Kernel, inputs: readonly Tensor[], values: Record<string, HyperValue>) {
  const read = new Set<string>();
  let enumerated = false;
  const hypers = new Proxy(values, {
    get(target, name, receiver) {
      if (typeof name === 'string') read.add(name);
      return Reflect.get(target, name, receiver) as unknown;
    },
    has(target, name) {
      if (typeof name === 'string') read.add(name);
      return Reflect.has(target, name);
    },
    getOwnPropertyDescriptor(target, name) {
      if (typeof name === 'string') read.add(name);
      return Reflect.getOwnPropertyDescriptor(target, name);
    },
    ownKeys(target) {
      // Spreading or listing the hyperparameters would read every name at once and hide what is really used.
      enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
  kernel(inputs, hypers, kernelContext('model.diffusion_model.input_blocks.1.1.proj_in.weight'));
  return { read, enumerated };
}

/** A value for a hyperparameter that has no default, or whose default is "unset". */
function sample(h: HyperParam): HyperValue {
  if (h.type === 'bool') return true;
  if (h.type === 'string') return h.values?.[0] ?? 'x';
  const [lo, hi] = h.range ?? [null, null];
  if (h.type === 'int') return lo !== null && lo > 2 ? lo : hi !== null && hi < 2 ? hi : 2;
  return lo !== null && hi !== null ? (lo + hi) / 2 : 0.5;
}

/**
 * The hyperparameter sets a kernel is run with: the v1 defaults, then each switch flipped and each unset value set,
 * so that branches reading more names (apply_median reads eps, maxiter, ftol; a rank given overrides the ratio)
 * are taken at least once.
 */
function variants(sig: MethodSignature): Record<string, HyperValue>[] {
  const base: Record<string, HyperValue> = {};
  for (const h of sig.hypers) {
    const d = hyperDefault(h, false);
    base[h.name] = d === 'required' || d.value === null ? (d === 'required' ? sample(h) : null) : d.value;
  }
  const out = [base];
  for (const h of sig.hypers) {
    if (h.type === 'bool') out.push({ ...base, [h.name]: !base[h.name] });
    if (base[h.name] === null) out.push({ ...base, [h.name]: sample(h) });
  }
  return out;
}

/** Distinct, nonzero 4 x 6 tensors, one per model argument (two for a variadic parameter, beyond its minimum). */
function inputsFor(sig: MethodSignature): Tensor[] {
  const count = sig.models.reduce((n, m) => n + (m.variadic ? Math.max(m.variadic.min, 2) : 1), 0);
  return Array.from({ length: count }, (_, m) => ({
    shape: [4, 6],
    data: Float32Array.from({ length: 24 }, (_, i) => Math.sin(i * (m + 1.3) + m) * (1 + m / 2) + 0.1 * (m + 1)),
  }));
}

function readsOf(sig: MethodSignature, kernel: Kernel) {
  const inputs = inputsFor(sig);
  const read = new Set<string>();
  let enumerated = false;
  for (const values of variants(sig)) {
    const seen = observeReads(kernel, inputs, values);
    seen.read.forEach((n) => read.add(n));
    enumerated ||= seen.enumerated;
  }
  return { read: [...read].sort(), enumerated };
}

const kernelMethods = registry.methods().filter((m) => !STRUCTURAL.has(m.name) && !OUTPUT_ONLY.has(m.name));

describe('registry and kernels', () => {
  test('every method has a kernel under its canonical name, and the structural helpers have none', () => {
    const missing = kernelMethods.filter((m) => !KERNELS.has(m.name)).map((m) => m.name);
    expect(missing).toEqual([]);
    for (const name of STRUCTURAL) {
      expect(registry.method(name)?.name, name).toBe(name);
      expect(KERNELS.has(name), name).toBe(false);
    }
  });

  test('every kernel is a method the registry lists, under its canonical name (not an alias)', () => {
    for (const name of KERNELS.keys()) expect(registry.method(name)?.name, name).toBe(name);
  });

  test.each(kernelMethods.map((m) => [m.name, m] as const))(
    '%s reads exactly the hyperparameters its signature declares',
    (_name, sig) => {
      const kernel = KERNELS.get(sig.name);
      expect(kernel, 'kernel').toBeDefined();
      const { read, enumerated } = readsOf(sig, kernel!);
      expect(enumerated, 'the kernel enumerates its hyperparameters').toBe(false);
      expect(read).toEqual(sig.hypers.map((h) => h.name).sort());
    },
  );

  test('the check catches a kernel reading an undeclared name or ignoring a declared one', () => {
    const sig: MethodSignature = {
      name: 'probe',
      aliases: [],
      family: 'test',
      models: [{ name: 'a', space: 's' }],
      returns: 's',
      hypers: [
        { name: 'alpha', type: 'number', default: 0.5 },
        { name: 'tidy', type: 'bool', default: false },
        { name: 'rank', type: 'int', default: null, range: [1, null] },
      ],
      doc: 'a probe',
    };
    const honest: Kernel = (inputs, h) => {
      void h['alpha'];
      if (h['tidy'] === true) return inputs[0]!;
      return h['rank'] === null ? inputs[0]! : inputs[0]!;
    };
    expect(readsOf(sig, honest).read).toEqual(['alpha', 'rank', 'tidy']);
    // Reads `beta` with a fallback of its own: the planner never passes it, so the kernel would use its fallback.
    const stray: Kernel = (inputs, h) => (h['beta'] === undefined && h['alpha'] !== undefined ? inputs[0]! : inputs[0]!);
    expect(readsOf(sig, stray).read).toEqual(['alpha', 'beta']);
    // Reads `rank` only when `tidy` is on: seen because the switch is flipped in one of the runs.
    const branchy: Kernel = (inputs, h) => (h['alpha'] !== undefined && h['tidy'] === true && h['rank'] === null ? inputs[0]! : inputs[0]!);
    expect(readsOf(sig, branchy).read).toEqual(['alpha', 'rank', 'tidy']);
    const spreads: Kernel = (inputs, h) => (Object.keys({ ...h }).length > 0 ? inputs[0]! : inputs[0]!);
    expect(readsOf(sig, spreads).enumerated).toBe(true);
  });
});

describe('the structural helpers run through the planner', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'mecha-helpers-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** b without its text encoder, so that a merge with it has keys to fall back on; found before the golden b. */
  function writePartialB(): void {
    const source = SafetensorsFile.open(join(GOLDEN_MODELS, 'b.safetensors'));
    try {
      const kept = [...source.entries.values()].filter((e) => !e.name.startsWith('cond_stage_model.'));
      const writer = SafetensorsWriter.create(
        join(scratch, 'b.safetensors'),
        kept.map((e) => ({ name: e.name, dtype: e.dtype, shape: e.shape })),
      );
      for (let name = writer.next; name !== undefined; name = writer.next) writer.write(name, source.readBytes(name));
      writer.finish();
    } finally {
      source.close();
    }
  }

  test("the helpers' example, a 0.1.0 recipe, runs: the literal's value is applied, missing keys fall back", async () => {
    writePartialB();
    const recipe = `${METHOD_EXAMPLES.get('fallback')!.join('\n')}\n`;
    for (const name of STRUCTURAL) expect(recipe).toMatch(new RegExp(`\\b${name}\\b`));
    expect(recipe).toContain('dict key=0.25');
    const checked = checkRecipe(recipe, [scratch, GOLDEN_MODELS]);
    expect(checked.diagnostics).toEqual([]);
    const { tensors } = await runPlan(checked.plan());
    const a = readModel(join(GOLDEN_MODELS, 'a.safetensors'));
    const b = readModel(join(scratch, 'b.safetensors'));
    let mixed = 0;
    let fellBack = 0;
    for (const [key, out] of tensors) {
      const x = a.get(key)!;
      const y = b.get(key);
      if (y === undefined) {
        expect([...out], key).toEqual([...x]);
        fellBack++;
      } else {
        // alpha = 0.25 from the singleton, not weighted_sum's default 0.5.
        out.forEach((v, i) => expect(Math.abs(v - (0.75 * x[i]! + 0.25 * y[i]!)), key).toBeLessThan(1e-6));
        mixed++;
      }
    }
    expect(fellBack).toBeGreaterThan(0);
    expect(mixed).toBeGreaterThan(0);
  });
});
