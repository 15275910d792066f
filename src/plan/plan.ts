import type { DType } from '../runtime/dtype/dtype.js';
import type { Hypers } from '../runtime/methods/kernel.js';

/**
 * An execution plan: pure data, built before any weight is read, that says for every output key where its bytes come
 * from. The executor streams it key by key; `mechac plan` prints it.
 */
export interface Plan {
  /** The models read, in the order `PlanLoad.input` refers to them. */
  readonly inputs: readonly PlanInput[];
  /** Every output tensor, in the order they are written. */
  readonly keys: readonly PlanKey[];
  readonly workDtype: 'fp32' | 'fp64';
  /** `__metadata__` of the output. */
  readonly metadata: Readonly<Record<string, string>>;
}

export interface PlanInput {
  /** The path the recipe named, for messages. */
  readonly name: string;
  /** The resolved file (a `.safetensors` file or a shard index). */
  readonly path: string;
}

export type PlanKey = CopyKey | ComputeKey;

/** A key passed through unmerged: its bytes are copied from the first model that has it. */
export interface CopyKey {
  readonly kind: 'copy';
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly input: number;
  /** The key's name in that input (it differs when the input uses an alias of the key). */
  readonly sourceKey: string;
}

/** A merged key: a small program over the inputs' tensors, in the work dtype. */
export interface ComputeKey {
  readonly kind: 'compute';
  readonly name: string;
  /** The output dtype. */
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly program: Program;
}

/**
 * A straight-line program in SSA form. Values `0 .. loads.length - 1` are the loaded tensors; each step defines the
 * next value. A recipe node used twice is one step, so shared subexpressions are computed once per key.
 */
export interface Program {
  readonly loads: readonly PlanLoad[];
  readonly steps: readonly PlanStep[];
  /** The value written out. */
  readonly result: number;
}

export interface PlanLoad {
  readonly input: number;
  readonly key: string;
  readonly dtype: DType;
}

export interface PlanStep {
  readonly method: string;
  /** Value ids of the model arguments. */
  readonly args: readonly number[];
  /** Hyperparameters already resolved for this key. */
  readonly hypers: Hypers;
}

/** For each value of a program, the index of the last step that reads it (or `steps.length` for the result). */
export function lastUses(program: Program): number[] {
  const last = new Array<number>(program.loads.length + program.steps.length).fill(-1);
  program.steps.forEach((step, i) => {
    for (const arg of step.args) last[arg] = i;
  });
  last[program.result] = program.steps.length;
  return last;
}
