import { CHECK } from '../../diagnostics/codes/check.js';
import type { MergeNode, NodeId } from '../../graph/types.js';
import type { Architecture } from '../../registry/architecture.js';
import { keyRole } from '../../registry/key-role.js';
import { isDType, isFloatDType } from '../../runtime/dtype/dtype.js';
import type { CheckContext, Rule } from '../context.js';
import { isHeaderError, type ModelHeader, type TensorInfo } from '../host.js';

/**
 * What the run refuses key by key, seen in the headers: inputs that give one merged key two shapes
 * (`weighted_sum(a, b)` where a's `...proj_in.weight` is [6, 6, 1, 1] and b's [6, 6]; sd-mecha never broadcasts
 * one model against another), and an input that lacks a key the output needs (a call needs the key in every model
 * it merges; a `fallback` takes it from its first argument that has it). The keys and inputs are the ones lowering
 * loads: every key the output's architecture merges whose first holder (inputs in argument order from the output)
 * has a float dtype. Each call argument is reported once, with its first key and how many more there are.
 * Dtypes may differ: every input is decoded to the work dtype, so mixed fp16/bf16/fp32 inputs merge.
 */
export const mergedKeysRule: Rule = (context) => ({
  output(id) {
    if (!context.host) return;
    const archId = context.typeOf(id).arch;
    const arch = archId === undefined ? undefined : context.registry.architecture(archId);
    if (!arch) return;
    compareShapes(context, arch, id);
  },
});

/** What a node holds for one key: its shape and the model it was read from, or one of the markers below. */
type State = { readonly shape: readonly number[]; readonly from: NodeId } | typeof MISSING | typeof UNKNOWN | typeof CONFLICT;
/** The input lacks the key (a `fallback` may take another). */
const MISSING = 0;
/** Not known: no header, not a model, an unknown method. */
const UNKNOWN = 1;
/** Already reported below. */
const CONFLICT = 2;

interface Mismatch {
  readonly key: string;
  readonly argument: number;
  readonly found: { readonly shape: readonly number[]; readonly from: NodeId };
  readonly expected: { readonly shape: readonly number[]; readonly from: NodeId };
  count: number;
}

function compareShapes(context: CheckContext, arch: Architecture, output: NodeId): void {
  const graph = context.graph;
  const order = dependencyOrder(context, output);
  // Each model's tensors by the architecture's canonical names (files may use aliases); undefined without a header.
  const tensorsOf = new Map<NodeId, Tensors | undefined>();
  for (const id of order) {
    const node = graph.nodes[id]!;
    if (node.kind !== 'model') continue;
    const file = context.file(id);
    const header = file?.header;
    // A file of another architecture is reported as such (header or mixed architectures), not key by key.
    const detected = file?.detection && !('unknown' in file.detection) ? file.detection.arch : undefined;
    // A LoRA holds deltas for the keys it adapts only; what a merge does with the others is sd-mecha's rule for
    // absent keys, which lowering applies: its shapes are checked by the LoRA rule.
    const lora = file?.lora !== undefined || context.typeOf(id).space === 'lora';
    if (!header || isHeaderError(header) || lora || (detected !== undefined && detected !== arch.id)) {
      tensorsOf.set(id, undefined);
      continue;
    }
    tensorsOf.set(id, canonicalTensors(header, arch));
  }
  const models = order.filter((id) => tensorsOf.has(id));
  // Most keys are in every file with one shape: only the others are followed through the graph.
  const distinct = [...new Set(tensorsOf.values())].filter((t) => t !== undefined);
  const candidates = new Set<string>();
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) for (const key of differingKeys(distinct[i]!, distinct[j]!)) candidates.add(key);
  }
  if (candidates.size === 0) return;
  // Graph order is topological: a call's inputs come before it.
  const nodes = [...order].sort((a, b) => a - b);
  const mergesEverything = context.dialect === 'legacy-0.1.0';
  const mismatches = new Map<NodeId, Mismatch>();
  const missing = new Map<string, Missing>();
  const state: State[] = [];

  for (const key of arch.keys.keys()) {
    if (!candidates.has(key) || keyRole(arch, key, mergesEverything) !== 'merged') continue;
    // A key whose first holder is not a float tensor is copied, not merged.
    const holder = models.map((id) => tensorsOf.get(id)?.get(key)).find((t) => t !== undefined);
    if (!holder || !isDType(holder.dtype) || !isFloatDType(holder.dtype)) continue;
    for (const id of nodes) {
      const node = graph.nodes[id]!;
      if (node.kind === 'model') {
        const tensors = tensorsOf.get(id);
        const tensor = tensors?.get(key);
        state[id] = tensors === undefined ? UNKNOWN : tensor === undefined ? MISSING : { shape: tensor.shape, from: id };
      } else if (node.kind === 'merge') {
        state[id] = mergeState(context, node, key, state, mismatches);
      } else {
        state[id] = UNKNOWN;
      }
    }
    if (state[output] === MISSING) noteMissing(context, output, key, state, missing);
  }

  for (const [id, m] of mismatches) {
    const node = graph.nodes[id] as MergeNode;
    const source = context.nameOf(m.found.from) ?? 'a model';
    const other = context.nameOf(m.expected.from) ?? 'a model';
    const more = m.count - 1;
    // The files, since the same name may be found in several models directories.
    const files = `${source} is ${fileOf(context, m.found.from)}, ${other} is ${fileOf(context, m.expected.from)}`;
    context.report(
      CHECK.ShapeMismatch,
      node.inputSpans[m.argument]!,
      { method: node.method, key: m.key, source, other, found: m.found.shape.join(', '), expected: m.expected.shape.join(', ') },
      { help: more > 0 ? `${files}; ${more} more ${more === 1 ? 'key differs' : 'keys differ'} in shape` : files },
    );
  }

  for (const m of missing.values()) {
    const node = graph.nodes[m.merge] as MergeNode;
    const source = context.nameOf(m.model) ?? 'a model';
    const more = m.count - 1;
    const file = `${source} is ${fileOf(context, m.model)}`;
    context.report(
      CHECK.MissingMergedKey,
      node.inputSpans[m.argument]!,
      { source, key: m.key, method: node.method },
      { help: more > 0 ? `${file}; it lacks ${more} more ${more === 1 ? 'key' : 'keys'} the recipe merges` : file },
    );
  }
}

/** A model that lacks a key the output needs, where a call takes it. */
interface Missing {
  readonly merge: NodeId;
  readonly argument: number;
  readonly model: NodeId;
  readonly key: string;
  count: number;
}

/**
 * The output lacks a key an input has: lowering refuses it. Follows the lack down to the model it comes from: through
 * a call to its first argument that lacks the key, through a `fallback` (all of whose arguments lack it) to the first.
 */
function noteMissing(context: CheckContext, output: NodeId, key: string, state: readonly State[], missing: Map<string, Missing>): void {
  let id = output;
  let at: { merge: NodeId; argument: number } | undefined;
  for (;;) {
    const node = context.graph.nodes[id];
    if (node?.kind !== 'merge') break;
    const call = context.mergeFacts(id)?.call;
    if (!call) return;
    const fallback = call.signature.name === 'fallback';
    const next = call.models.find((m) => fallback || state[node.inputs[m.index]!] === MISSING);
    if (!next) return;
    at = { merge: id, argument: next.index };
    id = node.inputs[next.index]!;
  }
  if (!at || context.graph.nodes[id]?.kind !== 'model') return;
  const where = `${at.merge}:${at.argument}`;
  const known = missing.get(where);
  if (known) known.count++;
  else missing.set(where, { ...at, model: id, key, count: 1 });
}

function fileOf(context: CheckContext, id: NodeId): string {
  const header = context.file(id)?.header;
  return header && !isHeaderError(header) ? header.file : 'unread';
}

/** A call's state for one key: a `fallback` takes its first argument that has the key; other methods need all. */
function mergeState(
  context: CheckContext,
  node: MergeNode,
  key: string,
  state: readonly State[],
  mismatches: Map<NodeId, Mismatch>,
): State {
  const call = context.mergeFacts(node.id)?.call;
  if (!call) return UNKNOWN;
  const args = call.models.map((m) => ({ argument: m.index, state: state[node.inputs[m.index]!] ?? UNKNOWN }));
  if (call.signature.name === 'fallback') {
    for (const arg of args) if (arg.state !== MISSING) return arg.state;
    return MISSING;
  }
  if (args.some((a) => a.state === MISSING)) return MISSING;
  if (args.some((a) => a.state === CONFLICT)) return CONFLICT;
  let first: { readonly shape: readonly number[]; readonly from: NodeId } | undefined;
  for (const { argument, state: s } of args) {
    if (typeof s !== 'object') continue;
    if (!first) {
      first = s;
      continue;
    }
    if (sameShape(first.shape, s.shape)) continue;
    const known = mismatches.get(node.id);
    if (known) known.count++;
    else mismatches.set(node.id, { key, argument, found: s, expected: first, count: 1 });
    return CONFLICT;
  }
  return first ?? UNKNOWN;
}

/** The nodes the output depends on, depth first in argument order, as lowering orders its inputs. */
function dependencyOrder(context: CheckContext, output: NodeId): NodeId[] {
  const seen = new Set<NodeId>();
  const order: NodeId[] = [];
  const stack = [output];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    const node = context.graph.nodes[id];
    if (node?.kind === 'merge') for (let i = node.inputs.length - 1; i >= 0; i--) stack.push(node.inputs[i]!);
  }
  return order;
}

/** A file's tensors by the architecture's canonical names (files may store some under aliases). */
type Tensors = ReadonlyMap<string, TensorInfo>;

// Memos of pure functions of headers, which the editor's host keeps while a file is unchanged: a recheck on each
// keystroke then compares nothing again. Weak, so they end with the headers.
const canonicalMemo = new WeakMap<ModelHeader, { readonly arch: Architecture; readonly tensors: Tensors }>();
const differingMemo = new WeakMap<Tensors, WeakMap<Tensors, readonly string[]>>();

function canonicalTensors(header: ModelHeader, arch: Architecture): Tensors {
  const known = canonicalMemo.get(header);
  if (known?.arch === arch) return known.tensors;
  const tensors = new Map<string, TensorInfo>();
  for (const [name, info] of header.tensors) tensors.set(arch.canonicalKey(name) ?? name, info);
  canonicalMemo.set(header, { arch, tensors });
  return tensors;
}

/** The keys one file lacks and the other has, and those both hold with different shapes. */
function differingKeys(a: Tensors, b: Tensors): readonly string[] {
  let byB = differingMemo.get(a);
  const known = byB?.get(b);
  if (known) return known;
  const keys: string[] = [];
  for (const [key, info] of a) {
    const other = b.get(key);
    if (other === undefined || !sameShape(info.shape, other.shape)) keys.push(key);
  }
  for (const key of b.keys()) if (!a.has(key)) keys.push(key);
  if (!byB) differingMemo.set(a, (byB = new WeakMap()));
  byB.set(b, keys);
  return keys;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
