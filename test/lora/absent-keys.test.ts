import { describe, expect, test } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { loraSource } from '../../src/lora/lora-source.js';
import { parse } from '../../src/parser/parse.js';
import { lower, type LoweredModel } from '../../src/plan/lower.js';
import { printPlan } from '../../src/plan/print.js';
import { createRegistry } from '../../src/registry/registry.js';
import type { DType } from '../../src/runtime/dtype/dtype.js';

/**
 * Keys a LoRA does not adapt have no delta; each merge then resolves the key as sd-mecha 0.0.x did (the golden
 * `sd1_lora_ties` case depends on it): its first argument already computed in its own space, else the key of the
 * first model of the recipe that has it. Lowering only: the plans say which value each key takes.
 */
const registry = createRegistry();
const arch = registry.architecture('sd1')!;
const Q = 'cond_stage_model.transformer.text_model.encoder.layers.0.self_attn.q_proj.weight';
const K = 'cond_stage_model.transformer.text_model.encoder.layers.0.self_attn.k_proj.weight';
const te = (m: string) => `lora_te_text_model_encoder_layers_0_self_attn_${m}_proj`;

type Tensors = Map<string, { shape: readonly number[]; dtype: DType }>;
const tensors = (entries: [string, number[]][]): Tensors => new Map(entries.map(([k, shape]) => [k, { shape, dtype: 'F16' as DType }]));
const loraOf = (...modules: string[]): Tensors =>
  tensors(modules.flatMap((m) => [[`${m}.lora_up.weight`, [6, 2]], [`${m}.lora_down.weight`, [2, 6]], [`${m}.alpha`, []]] as [string, number[]][]));

const FILES: Record<string, Tensors> = {
  base: tensors([[Q, [6, 6]], [K, [6, 6]]]),
  both: loraOf(te('q'), te('k')),
  qOnly: loraOf(te('q')),
  kOnly: loraOf(te('k')),
};

/** The plan's line for a key, after its name and shape. */
function planOf(body: string): Map<string, string> {
  const { graph } = buildGraph(parse(`version 1\n${body}`).document);
  const models = new Map<number, LoweredModel>();
  for (const node of graph.nodes) {
    if (node.kind !== 'model') continue;
    const t = FILES[node.path]!;
    models.set(node.id, { path: node.path, tensors: t, lora: node.space === 'lora' ? loraSource(t, arch) : undefined });
  }
  const lines = printPlan(lower({ graph, registry, arch, models })).split('\n');
  const out = new Map<string, string>();
  for (const line of lines) {
    const m = /^ {2}(\S+) \[[^\]]*\] \S+ = (.*?)(?: {2}\(.*\))?$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

const MODELS = 'model base = "base" : sd1\nmodel both = "both" : sd1 lora\nmodel q = "qOnly" : sd1 lora\nmodel k = "kOnly" : sd1 lora\n';

describe('keys a LoRA does not adapt', () => {
  test('add_difference(base, lora): the base value stays, copied', () => {
    const plan = planOf(`${MODELS}let out = add_difference(base, q, alpha=0.5)\n`);
    expect(plan.get(Q)).toBe('add_difference(base, lora(qOnly["lora_te_text_model_encoder_layers_0_self_attn_q_proj"]); alpha=0.5)');
    expect(plan.get(K)).toBe('copy base');
  });

  test('a delta merge with one LoRA lacking the key keeps the first one computed before it', () => {
    const plan = planOf(`${MODELS}let out = add_difference(base, ties_sum(q, both, k=0.5))\n`);
    // ties_sum(q, both) for K: q (visited first) lacks it, nothing is computed yet, so the recipe's first model
    // with the key stands in: the base, added to itself.
    expect(plan.get(K)).toBe('add_difference(base, base; alpha=1)');
    const reversed = planOf(`${MODELS}let out = add_difference(base, ties_sum(both, q, k=0.5))\n`);
    // ties_sum(both, q): both is computed before q is found to lack K, and is a delta as ties_sum's result is.
    expect(reversed.get(K)).toBe('add_difference(base, lora(both["lora_te_text_model_encoder_layers_0_self_attn_k_proj"]); alpha=1)');
  });

  test('a recipe whose output is a delta writes only the keys its LoRAs adapt', () => {
    const plan = planOf(`${MODELS}let out = weighted_sum(k, both, alpha=0.5)\n`);
    expect(plan.has(Q)).toBe(true);
    expect(plan.get(K)).toMatch(/^weighted_sum\(lora\(kOnly/);
    const only = planOf(`${MODELS}let out = scale(k, alpha=2)\n`);
    expect([...only.keys()]).toEqual([K]);
  });
});

describe('fallback over a LoRA', () => {
  test('takes the LoRA delta where it adapts the key, else the next argument', () => {
    const plan = planOf(`${MODELS}let out = fallback(q, scale(k, alpha=2))\n`);
    expect(plan.get(Q)).toBe('lora(qOnly["lora_te_text_model_encoder_layers_0_self_attn_q_proj"])');
    expect(plan.get(K)).toBe('scale(lora(kOnly["lora_te_text_model_encoder_layers_0_self_attn_k_proj"]); alpha=2)');
  });
});
