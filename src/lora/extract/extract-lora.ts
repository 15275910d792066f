import type { Architecture } from '../../registry/architecture.js';
import { TO_LORA } from '../../registry/methods/lora-output.js';
import type { ComputeKey, Plan, PlanKey } from '../../plan/plan.js';
import type { DType } from '../../runtime/dtype/dtype.js';
import { dtypeSize } from '../../runtime/dtype/dtype.js';
import { encodeFromFloat32 } from '../../runtime/dtype/codec.js';
import { KeyComputer } from '../../runtime/executor/compute.js';
import { KERNELS } from '../../runtime/methods/index.js';
import type { Hypers } from '../../runtime/methods/kernel.js';
import { assertDistinctOutput } from '../../runtime/safetensors/distinct-output.js';
import type { TensorReader } from '../../runtime/safetensors/reader.js';
import { openModel } from '../../runtime/safetensors/sharded.js';
import { SafetensorsWriter } from '../../runtime/safetensors/writer.js';
import { loraKeyMap } from '../key-map.js';
import { kohyaModules, type LoraOutputTensor, type ModuleRule } from './kohya-modules.js';
import { loraMetadata } from './lora-metadata.js';

export interface ExtractOptions {
  readonly output: string;
  /** Files the run read besides the models, which the output must not replace. */
  readonly sources?: readonly string[];
  /** The dtype of the written factors (kohya's --save_precision). */
  readonly dtype: DType;
  readonly onKey?: (done: number, total: number, key: string) => void;
}

export interface ExtractSummary {
  readonly keys: number;
  readonly modules: number;
  readonly bytes: number;
  readonly seconds: number;
  /** The rank of every module written, in file order. */
  readonly ranks: readonly number[];
}

/**
 * Runs a plan whose output is `to_lora(...)`: for every key a LoRA can carry, the delta program (the plan's program
 * without its final to_lora step) is evaluated, factored as kohya stores modules, and the whole LoRA (small next to
 * a checkpoint) is written at the end, since dynamic ranks fix the shapes only once every key is factored.
 */
export function extractLora(plan: Plan, arch: Architecture, options: ExtractOptions): ExtractSummary {
  const started = performance.now();
  const map = loraKeyMap(arch);
  if (!map) throw new Error(`mecha writes LoRAs of sd1 and sdxl, not of ${arch.id}`);
  // Embedding tables have LoRA names for reading, but kohya's networks adapt only linear and convolution layers.
  const carried = new Set(map.keys().filter((key) => !map.modulesOf(key)!.some((m) => m.kohya.includes('_embeddings_'))));
  const keys = plan.keys.filter((k) => carried.has(k.name));
  const readers: TensorReader[] = [];
  try {
    for (const input of plan.inputs) readers.push(openModel(input.path));
    assertDistinctOutput(options.output, [...(options.sources ?? []), ...readers.map((r) => r.path)]);
    const computer = new KeyComputer(KERNELS, plan.workDtype);
    const tensors: LoraOutputTensor[] = [];
    const ranks: number[] = [];
    const alphas = new Set<number | undefined>();
    keys.forEach((key, index) => {
      const { delta, hypers } = deltaOf(key, computer, readers);
      const rule = moduleRule(hypers);
      alphas.add(rule.alpha);
      const modules = kohyaModules(map, key.name, key.shape, delta, rule);
      tensors.push(...modules.tensors);
      ranks.push(...modules.ranks);
      options.onKey?.(index + 1, keys.length, key.name);
    });
    const alpha = alphas.size === 1 ? [...alphas][0] : undefined;
    const metadata = loraMetadata({ arch: arch.id, ranks, alpha, recipe: plan.metadata });
    const bytes = writeLora(options.output, tensors, options.dtype, metadata);
    return { keys: keys.length, modules: ranks.length, bytes, seconds: (performance.now() - started) / 1000, ranks };
  } finally {
    for (const r of readers) r.close();
  }
}

/** A key's delta (in the work dtype) and the to_lora hyperparameters resolved for it. */
function deltaOf(key: PlanKey, computer: KeyComputer, readers: readonly TensorReader[]): { delta: Float32Array | Float64Array; hypers: Hypers } {
  if (key.kind !== 'compute') throw new Error(`key "${key.name}": to_lora's input is copied, not computed`);
  const { program } = key;
  const last = program.steps[program.steps.length - 1];
  if (!last || last.method !== TO_LORA || program.result !== program.loads.length + program.steps.length - 1) {
    throw new Error(`key "${key.name}": the plan does not end in to_lora`);
  }
  const inner: ComputeKey = { ...key, program: { loads: program.loads, steps: program.steps.slice(0, -1), result: last.args[0]! } };
  return { delta: computer.evaluate(inner, readers).data, hypers: last.hypers };
}

function moduleRule(hypers: Hypers): ModuleRule {
  const number = (name: string): number | undefined => {
    const value = hypers[name];
    return typeof value === 'number' ? value : undefined;
  };
  return { maxRank: number('rank') ?? 64, alpha: number('alpha'), svFraction: number('sv_fraction'), froShare: number('fro_share') };
}

function writeLora(path: string, tensors: readonly LoraOutputTensor[], dtype: DType, metadata: Record<string, string>): number {
  const writer = SafetensorsWriter.create(
    path,
    tensors.map((t) => ({ name: t.name, dtype, shape: t.shape })),
    metadata,
  );
  let bytes = 0;
  try {
    for (const t of tensors) {
      const out = new Uint8Array(t.data.length * dtypeSize(dtype));
      encodeFromFloat32(dtype, t.data, out);
      writer.write(t.name, out);
      bytes += out.length;
    }
    writer.finish();
    return bytes;
  } catch (error) {
    writer.abort();
    throw error;
  }
}
