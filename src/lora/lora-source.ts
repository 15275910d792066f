import type { Architecture } from '../registry/architecture.js';
import type { DType } from '../runtime/dtype/dtype.js';
import { loraKeyMap, type LoraTarget } from './key-map.js';
import { groupLoraTensors, type LoraFormat, type LoraModule } from './lora-tensors.js';

/** A header entry as the source needs it. */
export interface LoraTensorInfo {
  readonly shape: readonly number[];
  readonly dtype: string;
}

/**
 * How one checkpoint key's delta is made from a LoRA's tensors: the product up x down x alpha / rank of each part,
 * the parts stacked along the first dimension. `factors` has one letter per part: `a` (up, down, alpha are read),
 * `u` (up and down; alpha = rank) or `-` (the LoRA does not adapt this part: zeros). `tensors` lists the names read,
 * in that order.
 */
export interface LoraDelta {
  readonly key: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly factors: string;
  readonly tensors: readonly string[];
  /** The LoRA's module names, for messages. */
  readonly modules: readonly string[];
}

export type LoraProblemKind = 'missing-factor' | 'rank-mismatch' | 'bad-factor-shape' | 'unmapped-module' | 'unsupported-tensor';

/** Something wrong with a LoRA file, naming the LoRA tensor at fault. */
export interface LoraProblem {
  readonly kind: LoraProblemKind;
  /** The LoRA tensor (or module) the problem is about. */
  readonly loraKey: string;
  readonly message: string;
}

/** A LoRA file seen as the deltas it makes, keyed by checkpoint key. */
export interface LoraSource {
  readonly arch: string;
  readonly format: LoraFormat;
  readonly deltas: ReadonlyMap<string, LoraDelta>;
  readonly problems: readonly LoraProblem[];
  /** How many of its modules have a checkpoint key in this architecture. */
  readonly mapped: number;
  readonly modules: number;
}

/**
 * Reads a LoRA header against an architecture: every module is placed on its checkpoint key by the architecture's
 * LoRA key map, and its factors' shapes are checked (an up with its down, agreeing ranks). Pure: header only.
 * Undefined when the tensors are not a LoRA's or the architecture has no LoRA layout.
 */
export function loraSource(tensors: ReadonlyMap<string, LoraTensorInfo>, arch: Architecture): LoraSource | undefined {
  const grouped = groupLoraTensors(tensors.keys());
  const map = loraKeyMap(arch);
  if (!grouped || !map) return undefined;
  const problems: LoraProblem[] = [];
  for (const name of grouped.unread) {
    problems.push({ kind: 'unsupported-tensor', loraKey: name, message: `tensor "${name}" is not a LoRA up, down or alpha (LoHa, LoKr, CP and DoRA factors are not supported)` });
  }
  // Modules by checkpoint key, each in its place among the key's parts.
  const byKey = new Map<string, { target: LoraTarget; module: LoraModule }[]>();
  let mapped = 0;
  for (const module of grouped.modules.values()) {
    const target = module.format === 'kohya' ? map.byKohya(module.name) : map.byDiffusers(module.name);
    if (!target) {
      problems.push({ kind: 'unmapped-module', loraKey: firstTensor(module), message: `module "${module.name}" adapts no ${arch.id} checkpoint key` });
      continue;
    }
    mapped++;
    const list = byKey.get(target.key) ?? [];
    list.push({ target, module });
    byKey.set(target.key, list);
  }
  const deltas = new Map<string, LoraDelta>();
  for (const key of map.keys()) {
    const found = byKey.get(key);
    if (!found) continue;
    const delta = deltaOf(key, found, tensors, problems);
    if (delta) deltas.set(key, delta);
  }
  return { arch: arch.id, format: grouped.format, deltas, problems, mapped, modules: grouped.modules.size };
}

function firstTensor(module: LoraModule): string {
  return module.up ?? module.down ?? module.alpha ?? module.name;
}

function deltaOf(
  key: string,
  found: readonly { target: LoraTarget; module: LoraModule }[],
  tensors: ReadonlyMap<string, LoraTensorInfo>,
  problems: LoraProblem[],
): LoraDelta | undefined {
  const parts = found[0]!.target.parts;
  const byPart = new Array<LoraModule | undefined>(parts).fill(undefined);
  for (const f of found) byPart[f.target.part] = f.module;
  let factors = '';
  const names: string[] = [];
  let rows = 0;
  let rowsPerPart: number | undefined;
  let columns: readonly number[] | undefined;
  let dtype: DType | undefined;
  for (const module of byPart) {
    if (!module) {
      factors += '-';
      continue;
    }
    const checked = checkFactors(module, tensors, problems);
    if (!checked) return undefined;
    if (columns !== undefined && !sameShape(columns, checked.columns)) {
      problems.push({ kind: 'bad-factor-shape', loraKey: module.down!, message: `"${module.down!}" has shape [${tensors.get(module.down!)!.shape.join(', ')}], unlike the other parts of "${key}"` });
      return undefined;
    }
    columns = checked.columns;
    rowsPerPart ??= checked.rows;
    rows += checked.rows;
    dtype ??= tensors.get(module.up!)!.dtype as DType;
    factors += module.alpha !== undefined ? 'a' : 'u';
    names.push(module.up!, module.down!, ...(module.alpha !== undefined ? [module.alpha] : []));
  }
  if (columns === undefined || rowsPerPart === undefined || dtype === undefined) return undefined;
  // A part the LoRA leaves out (q, k, v trained separately) adds zeros of the same height.
  rows += (parts - factors.replaceAll('-', '').length) * rowsPerPart;
  return {
    key,
    shape: [rows, ...columns],
    dtype,
    factors,
    tensors: names,
    modules: byPart.flatMap((m) => (m ? [m.name] : [])),
  };
}

/** A module's up and down fit together: the delta's rows and its other dimensions, or undefined (reported). */
function checkFactors(
  module: LoraModule,
  tensors: ReadonlyMap<string, LoraTensorInfo>,
  problems: LoraProblem[],
): { rows: number; columns: readonly number[] } | undefined {
  const report = (kind: LoraProblemKind, loraKey: string, message: string) => {
    problems.push({ kind, loraKey, message });
    return undefined;
  };
  if (module.up === undefined || module.down === undefined) {
    const has = (module.up ?? module.down ?? module.alpha)!;
    return report('missing-factor', has, `"${has}" has no ${module.up === undefined ? 'up' : 'down'} factor to go with it`);
  }
  const up = tensors.get(module.up)!.shape;
  const down = tensors.get(module.down)!.shape;
  // up: out x rank (x 1 x 1 for convolutions); down: rank x in (x kh x kw).
  const upIsMatrix = up.length === 2 || (up.length === 4 && up[2] === 1 && up[3] === 1);
  if (!upIsMatrix) return report('bad-factor-shape', module.up, `"${module.up}" has shape [${up.join(', ')}]; an up factor is out x rank (x 1 x 1)`);
  if (down.length !== 2 && down.length !== 4) return report('bad-factor-shape', module.down, `"${module.down}" has shape [${down.join(', ')}]; a down factor is rank x in (x kh x kw)`);
  if (up[1] !== down[0]) {
    return report('rank-mismatch', module.up, `"${module.up}" has rank ${up[1]!} but "${module.down}" has rank ${down[0]!}`);
  }
  if (module.alpha !== undefined) {
    const alpha = tensors.get(module.alpha)!.shape;
    if (alpha.reduce((a, b) => a * b, 1) !== 1) return report('bad-factor-shape', module.alpha, `"${module.alpha}" has shape [${alpha.join(', ')}]; alpha is one number`);
  }
  return { rows: up[0]!, columns: down.slice(1) };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
