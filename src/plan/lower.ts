import { singletonValue } from '../graph/singleton.js';
import type { GraphNode, HyperValue as GraphHyper, NodeId, RecipeGraph } from '../graph/types.js';
import type { Architecture } from '../registry/architecture.js';
import { keyRole } from '../registry/key-role.js';
import type { Registry } from '../registry/registry.js';
import { hyperDefault, type MethodSignature } from '../registry/methods/signature.js';
import type { DType } from '../runtime/dtype/dtype.js';
import { isFloatDType } from '../runtime/dtype/dtype.js';
import type { Hypers, HyperValue } from '../runtime/methods/kernel.js';
import { bindCall, type BoundHyper } from '../typecheck/bind-call.js';
import type { NodeType } from '../typecheck/types.js';
import type { Plan, PlanInput, PlanKey, PlanLoad, PlanStep } from './plan.js';
import type { LoraSource } from '../lora/lora-source.js';
import { LORA_STEP } from '../runtime/lora/lora-delta.js';
import { signatureSpace, parseSpace } from '../typecheck/spaces.js';
import { checkpointShape, deltaFits } from '../lora/delta-shape.js';
import { pruneProgram } from './prune-program.js';
import { isScalarHyper, resolveHyper, type FlatMap, type KeyMembership, type ResolveContext } from './resolve-hyper.js';

/** What lowering knows of one model file: where it is and its header's tensors. */
export interface LoweredModel {
  readonly path: string;
  readonly tensors: ReadonlyMap<string, { readonly shape: readonly number[]; readonly dtype: DType }>;
  /** For a LoRA file: the deltas it makes, by checkpoint key (`tensors` are then the LoRA's own). */
  readonly lora?: LoraSource | undefined;
}

export interface LowerOptions {
  readonly graph: RecipeGraph;
  readonly registry: Registry;
  /** The architecture of the recipe's output (the checker inferred it). */
  readonly arch: Architecture;
  /** Every model node the output depends on, with its file. */
  readonly models: ReadonlyMap<NodeId, LoweredModel>;
  /** The checker's inferred types: they tell values given positionally (sd-mecha 1.x) from models. */
  readonly types?: ReadonlyMap<NodeId, NodeType>;
  readonly workDtype?: 'fp32' | 'fp64';
  /** The dtype of merged keys; by default each key keeps the dtype of its first input. */
  readonly saveDtype?: DType;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Why a plan could not be made; each problem names the key and the file. */
export class LowerError extends Error {
  override readonly name = 'LowerError';
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
  }
}

const MAX_PROBLEMS = 20;

/** A value a key does not have because an input lacks it (a `fallback` may supply another). */
const MISSING = Symbol('missing');
/** A key a LoRA does not adapt: absent from its delta, which sd-mecha resolves per merge (see `absentArgument`). */
const ABSENT = Symbol('absent');
type Value = number | typeof MISSING | typeof ABSENT;

/**
 * Lowers a checked recipe to a plan. Which keys are written depends on the dialect: v1 and sd-mecha 0.0.x merge the
 * architecture's components and copy the keys it lists as passed through (VAE, position ids, scheduler buffers)
 * from the first model that has them; sd-mecha 0.1.0 merges every key of the model config, VAE included, as
 * sd-mecha 1.x does. A merged key gets a program evaluating the recipe graph for that key, each merge step with
 * its hyperparameters resolved for the key's blocks and class. Integer tensors are always copied. Pure: no I/O.
 */
export function lower(options: LowerOptions): Plan {
  const { graph, registry, arch } = options;
  if (graph.output === undefined) throw new LowerError(['the recipe has no output']);
  const legacy = graph.dialect !== 'v1';
  const mergesEverything = graph.dialect === 'legacy-0.1.0';

  // Inputs: the model nodes the output depends on, depth first in argument order from the output, which is the
  // order in which "the first model that has a key" is looked for, as sd-mecha does.
  const order = dependencyOrder(graph, graph.output);
  const inputIndex = new Map<NodeId, number>();
  const inputs: PlanInput[] = [];
  const inputModels: LoweredModel[] = [];
  for (const id of order) {
    const node = graph.nodes[id]!;
    if (node.kind === 'param') throw new LowerError([`param "${node.name}" is not filled (give it with -p ${node.name}=...)`]);
    if (node.kind !== 'model') continue;
    const model = options.models.get(id);
    if (!model) throw new LowerError([`model "${node.path}" was not resolved to a file`]);
    // The same file named twice is read once.
    const existing = inputs.findIndex((i) => i.path === model.path);
    if (existing >= 0) {
      inputIndex.set(id, existing);
      continue;
    }
    inputIndex.set(id, inputs.length);
    inputs.push({ name: node.path, path: model.path });
    inputModels.push(model);
  }

  // Each input's tensors by the architecture's canonical key names (inputs may use aliases); a LoRA's are the keys
  // its deltas adapt.
  const canonical = inputModels.map((m) => {
    const byKey = new Map<string, string>();
    if (m.lora) for (const key of m.lora.deltas.keys()) byKey.set(key, key);
    else for (const name of m.tensors.keys()) byKey.set(arch.canonicalKey(name) ?? name, name);
    return byKey;
  });
  /** A key's shape and dtype in an input, a LoRA's delta as the checkpoint stores it. */
  const tensorOf = (input: number, sourceKey: string): { shape: readonly number[]; dtype: DType } => {
    const lora = inputModels[input]!.lora;
    if (!lora) return inputModels[input]!.tensors.get(sourceKey)!;
    const delta = lora.deltas.get(sourceKey)!;
    return { shape: checkpointShape(delta.shape, arch.keys.get(sourceKey)?.shape), dtype: delta.dtype };
  };

  const problems: string[] = [];
  const problem = (message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(message);
  };
  const isValue = (id: NodeId): boolean => {
    const node = graph.nodes[id];
    return node?.kind === 'hyper' || node?.kind === 'literal' || options.types?.get(id)?.space === 'param';
  };
  const ctx: ResolveContext = {
    nodes: graph.nodes,
    mbw: arch.mbw,
    valueOfNode: (id) => singletonValue(graph, id),
  };
  const flatCache = new Map<GraphHyper, FlatMap>();
  // A merge whose signature does not fix its space has its first argument's: followed as a loop, since such
  // chains are as long as the recipe.
  const spaceOf = (start: NodeId): string | undefined => {
    for (let id: NodeId | undefined = start; id !== undefined; ) {
      const known = options.types?.get(id)?.space;
      if (known) return signatureSpace(known);
      const node = graph.nodes[id];
      if (node?.kind === 'model') return signatureSpace(parseSpace(node.space ?? 'weight') ?? 'weight');
      if (node?.kind !== 'merge') return undefined;
      const call = calls.get(id);
      const returns = call?.sig.returns;
      if (typeof returns === 'string' && returns !== 's') return returns;
      id = call && call.models.length > 0 ? call.models[0] : undefined;
    }
    return undefined;
  };
  const depthOf = sdMechaDepths(graph);
  // Calls whose hyperparameters are plain values resolve the same for every key: one object shared by all keys.
  const sameForEveryKey = new Map<NodeId, Hypers>();
  const calls = new Map<NodeId, { sig: MethodSignature; models: NodeId[]; hypers: ReadonlyMap<string, BoundHyper> }>();
  for (const id of order) {
    const node = graph.nodes[id]!;
    if (node.kind !== 'merge') continue;
    const sig = registry.method(node.method);
    if (!sig) {
      problem(`unknown merge method "${node.method}"`);
      continue;
    }
    const bound = bindCall(sig, node, legacy, isValue);
    calls.set(id, { sig, models: bound.models.map((m) => node.inputs[m.index]!), hypers: bound.hypers });
  }
  if (problems.length > 0) throw new LowerError(problems);

  const keys: PlanKey[] = [];
  for (const name of arch.keys.keys()) {
    const role = keyRole(arch, name, mergesEverything);
    if (role === 'omitted') continue;
    const merged = role === 'merged';
    const info = arch.keyInfo(name)!;
    const holders = canonical.map((c) => c.get(name));
    const first = holders.findIndex((h) => h !== undefined);
    if (first < 0) continue;
    const firstTensor = tensorOf(first, holders[first]!);
    if (!merged || !isFloatDType(firstTensor.dtype)) {
      // Copied bytes come from a checkpoint, never from a LoRA.
      const from = holders.findIndex((h, i) => h !== undefined && !inputModels[i]!.lora);
      if (from < 0) continue;
      const tensor = inputModels[from]!.tensors.get(holders[from]!)!;
      keys.push({ kind: 'copy', name, dtype: tensor.dtype, shape: tensor.shape, input: from, sourceKey: holders[from]! });
      continue;
    }

    const membership: KeyMembership = { name, arch: arch.id, component: info.component ?? info.configComponent, blocks: info.blocks, class: info.class };
    const loads: PlanLoad[] = [];
    const steps: { method: string; args: number[]; hypers: Hypers }[] = [];
    const valueOf = new Map<NodeId, Value | undefined>();
    const loadOf = new Map<number, number>();
    let shape: readonly number[] | undefined;
    let shapeFrom = '';
    /** The shape was set by a LoRA delta, whose trailing 1 x 1 dimensions a checkpoint may not share. */
    let shapeFromLora = false;
    let firstDtype: DType | undefined;
    let firstMissing: string | undefined;

    const load = (input: number): Value | undefined => {
      const known = loadOf.get(input);
      if (known !== undefined) return known;
      if (inputModels[input]!.lora) return loadLora(input);
      const sourceKey = canonical[input]!.get(name);
      if (sourceKey === undefined) {
        firstMissing ??= `${inputs[input]!.path}: has no tensor "${name}", which the recipe merges`;
        return MISSING;
      }
      const tensor = inputModels[input]!.tensors.get(sourceKey)!;
      if (shape === undefined) {
        shape = tensor.shape;
        shapeFrom = inputs[input]!.path;
        firstDtype = tensor.dtype;
      } else if (shapeFromLora ? !deltaFits(shape, tensor.shape) : !sameShape(shape, tensor.shape)) {
        problem(`tensor "${name}" has shape [${tensor.shape.join(', ')}] in ${inputs[input]!.path} but [${shape.join(', ')}] in ${shapeFrom}`);
        return undefined;
      }
      if (shapeFromLora) {
        shape = tensor.shape;
        shapeFromLora = false;
      }
      const value = loads.length;
      loads.push({ input, key: sourceKey, dtype: tensor.dtype });
      loadOf.set(input, value);
      return value;
    };

    // A LoRA's delta for this key: its factors loaded, then one step multiplying them out.
    const loadLora = (input: number): Value | undefined => {
      const model = inputModels[input]!;
      const delta = model.lora!.deltas.get(name);
      if (!delta) return ABSENT;
      if (shape === undefined) {
        shape = delta.shape;
        shapeFrom = inputs[input]!.path;
        shapeFromLora = true;
        firstDtype = delta.dtype;
      } else if (!deltaFits(delta.shape, shape)) {
        problem(
          `${inputs[input]!.path}: LoRA module "${delta.modules.join('", "')}" makes a delta of shape [${delta.shape.join(', ')}] for "${name}", which has shape [${shape.join(', ')}] in ${shapeFrom}`,
        );
        return undefined;
      }
      const args = delta.tensors.map((key) => {
        loads.push({ input, key, dtype: model.tensors.get(key)!.dtype });
        return loads.length - 1;
      });
      steps.push({ method: LORA_STEP, args, hypers: { factors: delta.factors } });
      const value = -steps.length;
      loadOf.set(input, value);
      return value;
    };

    // sd-mecha 0.0.x, for a merge one of whose inputs lacks the key: the arguments are visited deepest first and
    // the first that lacks it stops the call; the result is then the first argument already computed that is in
    // the merge's own space, else the key of the first model of the recipe that has it.
    const absentArgument = (id: NodeId, models: readonly NodeId[], values: readonly Value[]): Value | undefined => {
      const visited = new Array<boolean>(models.length).fill(false);
      const deepestFirst = models.map((_, i) => i).sort((x, y) => depthOf(models[y]!) - depthOf(models[x]!));
      for (const i of deepestFirst) {
        if (values[i] === ABSENT) break;
        visited[i] = true;
      }
      const own = spaceOf(id);
      const kept = models.findIndex((m, i) => visited[i] && spaceOf(m) === own);
      if (kept >= 0) return values[kept];
      for (const modelId of order) {
        if (graph.nodes[modelId]!.kind !== 'model') continue;
        const v = load(inputIndex.get(modelId)!);
        if (v === undefined || typeof v === 'number') return v;
      }
      return ABSENT;
    };

    // The value of a node for this key, inputs first. Arguments are evaluated lazily, left to right: a merge stops at
    // its first argument without a value, a `fallback` at its first that has one (a LoRA that does not adapt the key
    // has none). Chains of merges are as deep as the recipe is long, so the walk keeps its own stack of the merges in
    // progress.
    const leafValue = (id: NodeId): Value | undefined => {
      const node = graph.nodes[id]!;
      if (node.kind === 'model') return load(inputIndex.get(id)!);
      problem(`key "${name}": ${describeNode(node)} cannot be merged as a model`);
      return undefined;
    };
    const evaluate = (root: NodeId): Value | undefined => {
      if (valueOf.has(root)) return valueOf.get(root);
      if (graph.nodes[root]!.kind !== 'merge') {
        const value = leafValue(root);
        valueOf.set(root, value);
        return value;
      }
      const stack: { id: NodeId; next: number; args: number[]; values: Value[] }[] = [{ id: root, next: 0, args: [], values: [] }];
      while (stack.length > 0) {
        const frame = stack[stack.length - 1]!;
        const call = calls.get(frame.id)!;
        const fallback = call.sig.name === 'fallback';
        let done: { value: Value | undefined } | undefined;
        while (!done && frame.next < call.models.length) {
          const arg = call.models[frame.next]!;
          if (!valueOf.has(arg)) {
            if (graph.nodes[arg]!.kind === 'merge') break;
            valueOf.set(arg, leafValue(arg));
          }
          const v = valueOf.get(arg);
          frame.next++;
          if (fallback) {
            if (v !== ABSENT && v !== MISSING) done = { value: v };
          } else if (v === undefined || v === MISSING) done = { value: v };
          else {
            frame.values.push(v);
            if (v !== ABSENT) frame.args.push(v);
          }
        }
        if (!done && frame.next < call.models.length) {
          stack.push({ id: call.models[frame.next]!, next: 0, args: [], values: [] });
          continue;
        }
        if (!done) {
          if (fallback) done = { value: MISSING };
          else if (frame.args.length < frame.values.length) done = { value: absentArgument(frame.id, call.models, frame.values) };
          else {
            let hypers = sameForEveryKey.get(frame.id);
            if (!hypers) {
              hypers = resolveHypers(call.sig, call.hypers, membership, legacy, ctx, flatCache);
              if ([...call.hypers.values()].every((h) => isScalarHyper(h.value, ctx))) sameForEveryKey.set(frame.id, hypers);
            }
            steps.push({ method: call.sig.name, args: frame.args, hypers });
            done = { value: -steps.length }; // placeholder: steps are numbered after the loads once all loads are known
          }
        }
        valueOf.set(frame.id, done.value);
        stack.pop();
      }
      return valueOf.get(root);
    };

    const result = evaluate(graph.output);
    if (result === undefined || result === ABSENT) continue;
    if (result === MISSING) {
      problem(firstMissing ?? `no input has tensor "${name}"`);
      continue;
    }
    // Steps were numbered -1, -2, ... while loads were still being found; renumber them after the loads.
    const renumber = (v: number): number => (v < 0 ? loads.length + (-v - 1) : v);
    // In place: a long chain makes many steps for every key.
    for (const step of steps) for (let i = 0; i < step.args.length; i++) step.args[i] = renumber(step.args[i]!);
    const program = pruneProgram({ loads, steps, result: renumber(result) });
    if (program.steps.length === 0) {
      // The output is one input's tensor (a fallback that picked a model): copy its bytes.
      const only = program.loads[program.result]!;
      keys.push({ kind: 'copy', name, dtype: only.dtype, shape: shape ?? firstTensor.shape, input: only.input, sourceKey: only.key });
      continue;
    }
    keys.push({
      kind: 'compute',
      name,
      dtype: options.saveDtype ?? firstDtype ?? firstTensor.dtype,
      shape: shape ?? firstTensor.shape,
      program,
    });
  }
  if (problems.length > 0) throw new LowerError(problems);
  return { inputs, keys, workDtype: options.workDtype ?? 'fp32', metadata: options.metadata ?? {} };
}

function resolveHypers(
  sig: MethodSignature,
  given: ReadonlyMap<string, BoundHyper>,
  key: KeyMembership,
  legacy: boolean,
  ctx: ResolveContext,
  cache: Map<GraphHyper, FlatMap>,
): Hypers {
  const out: Record<string, HyperValue> = {};
  for (const param of sig.hypers) {
    const dflt = hyperDefault(param, legacy);
    const fallback = dflt === 'required' ? undefined : dflt.value;
    const bound = given.get(param.name);
    const resolved = bound === undefined ? fallback : resolveHyper(bound.value, key, fallback, ctx, cache);
    if (resolved !== undefined) out[param.name] = resolved;
  }
  return out;
}

/** The nodes the output depends on, each once, depth first in argument order (the output first). */
function dependencyOrder(graph: RecipeGraph, output: NodeId): NodeId[] {
  const seen = new Set<NodeId>();
  const order: NodeId[] = [];
  // Preorder with an explicit stack (inputs pushed in reverse, so they come off in argument order): a chain of
  // merges is as deep as the recipe is long.
  const stack: NodeId[] = [output];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    const node = graph.nodes[id];
    if (node?.kind === 'merge') for (let i = node.inputs.length - 1; i >= 0; i--) stack.push(node.inputs[i]!);
  }
  return order;
}

/**
 * sd-mecha's depth of a node: a model 1, a merge one more than its deepest argument (0 for values). Computed
 * inputs first with an explicit stack, since a chain of merges is as deep as the recipe is long.
 */
function sdMechaDepths(graph: RecipeGraph): (id: NodeId) => number {
  const depths = new Map<NodeId, number>();
  const depth = (root: NodeId): number => {
    const stack: NodeId[] = [root];
    while (stack.length > 0) {
      const id = stack[stack.length - 1]!;
      if (depths.has(id)) {
        stack.pop();
        continue;
      }
      const node = graph.nodes[id];
      if (node?.kind !== 'merge') {
        depths.set(id, node?.kind === 'model' ? 1 : 0);
        stack.pop();
        continue;
      }
      const pending = node.inputs.filter((input) => !depths.has(input));
      if (pending.length > 0) {
        stack.push(...pending); // at most one call's arguments
        continue;
      }
      depths.set(id, 1 + Math.max(0, ...node.inputs.map((input) => depths.get(input)!)));
      stack.pop();
    }
    return depths.get(root)!;
  };
  return depth;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function describeNode(node: GraphNode): string {
  switch (node.kind) {
    case 'hyper':
      return 'a hyperparameter value';
    case 'literal':
      return 'a literal';
    case 'param':
      return `param "${node.name}"`;
    default:
      return `a ${node.kind} node`;
  }
}

