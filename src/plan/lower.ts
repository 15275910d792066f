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
import { resolveHyper, type FlatMap, type KeyMembership, type ResolveContext } from './resolve-hyper.js';

/** What lowering knows of one model file: where it is and its header's tensors. */
export interface LoweredModel {
  readonly path: string;
  readonly tensors: ReadonlyMap<string, { readonly shape: readonly number[]; readonly dtype: DType }>;
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
type Value = number | typeof MISSING;

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

  // Each input's tensors by the architecture's canonical key names (inputs may use aliases).
  const canonical = inputModels.map((m) => {
    const byKey = new Map<string, string>();
    for (const name of m.tensors.keys()) byKey.set(arch.canonicalKey(name) ?? name, name);
    return byKey;
  });

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
    const firstTensor = inputModels[first]!.tensors.get(holders[first]!)!;
    if (!merged || !isFloatDType(firstTensor.dtype)) {
      keys.push({ kind: 'copy', name, dtype: firstTensor.dtype, shape: firstTensor.shape, input: first, sourceKey: holders[first]! });
      continue;
    }

    const membership: KeyMembership = { name, arch: arch.id, component: info.component ?? info.configComponent, blocks: info.blocks, class: info.class };
    const loads: PlanLoad[] = [];
    const steps: PlanStep[] = [];
    const valueOf = new Map<NodeId, Value | undefined>();
    const loadOf = new Map<number, number>();
    let shape: readonly number[] | undefined;
    let shapeFrom = '';
    let firstDtype: DType | undefined;
    let firstMissing: string | undefined;

    const load = (input: number): Value | undefined => {
      const known = loadOf.get(input);
      if (known !== undefined) return known;
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
      } else if (!sameShape(shape, tensor.shape)) {
        problem(`tensor "${name}" has shape [${tensor.shape.join(', ')}] in ${inputs[input]!.path} but [${shape.join(', ')}] in ${shapeFrom}`);
        return undefined;
      }
      const value = loads.length;
      loads.push({ input, key: sourceKey, dtype: tensor.dtype });
      loadOf.set(input, value);
      return value;
    };

    const evaluate = (id: NodeId): Value | undefined => {
      if (valueOf.has(id)) return valueOf.get(id);
      const node = graph.nodes[id]!;
      let value: Value | undefined;
      if (node.kind === 'model') {
        value = load(inputIndex.get(id)!);
      } else if (node.kind === 'merge') {
        const call = calls.get(id)!;
        if (call.sig.name === 'fallback') {
          // Per key, the first argument that has it.
          value = MISSING;
          for (const arg of call.models) {
            const v = evaluate(arg);
            if (v !== MISSING) {
              value = v;
              break;
            }
          }
        } else {
          const args: number[] = [];
          for (const arg of call.models) {
            const v = evaluate(arg);
            if (v === undefined || v === MISSING) {
              value = v;
              break;
            }
            args.push(v);
          }
          if (args.length === call.models.length) {
            steps.push({ method: call.sig.name, args, hypers: resolveHypers(call.sig, call.hypers, membership, legacy, ctx, flatCache) });
            value = -steps.length; // placeholder: steps are numbered after the loads once all loads are known
          }
        }
      } else {
        problem(`key "${name}": ${describeNode(node)} cannot be merged as a model`);
        value = undefined;
      }
      valueOf.set(id, value);
      return value;
    };

    const result = evaluate(graph.output);
    if (result === undefined) continue;
    if (result === MISSING) {
      problem(firstMissing ?? `no input has tensor "${name}"`);
      continue;
    }
    // Steps were numbered -1, -2, ... while loads were still being found; renumber them after the loads.
    const renumber = (v: number): number => (v < 0 ? loads.length + (-v - 1) : v);
    const program = {
      loads,
      steps: steps.map((s) => ({ ...s, args: s.args.map(renumber) })),
      result: renumber(result),
    };
    if (program.steps.length === 0) {
      // The output is one input's tensor (a fallback that picked a model): copy its bytes.
      const only = loads[program.result]!;
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
  const visit = (id: NodeId): void => {
    if (seen.has(id)) return;
    seen.add(id);
    order.push(id);
    const node = graph.nodes[id];
    if (node?.kind === 'merge') node.inputs.forEach(visit);
  };
  visit(output);
  return order;
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

