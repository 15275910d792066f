import type { HyperValue, MergeNode, ModelNode, NodeId, ParamNode, RecipeGraph } from '../graph/types.js';
import { detectArchitecture, type Detection } from '../registry/detect.js';
import { detectLora } from '../lora/detect-lora.js';
import type { LoraSource } from '../lora/lora-source.js';
import type { Registry } from '../registry/registry.js';
import { DEFAULT_SPACE_VARIABLE, type MergeSpace, type MethodSignature } from '../registry/methods/signature.js';
import { bindCall, type BoundCall } from './bind-call.js';
import { isHeaderError, type CheckHost, type ModelHeader, type ModelHeaderError } from './host.js';
import { parseSpace, signatureSpace } from './spaces.js';
import { isScalarParam } from './scalar-params.js';
import type { NodeType, ResolvedModel, Space } from './types.js';

/** A model argument whose architecture differs from an earlier one of the same call. */
export interface ArchConflict {
  /** Its position among the call's arguments. */
  readonly index: number;
  readonly expected: string;
  readonly found: string;
}

/** A model argument in a space its parameter does not take. */
export interface SpaceProblem {
  readonly index: number;
  readonly param: string;
  readonly expected: readonly MergeSpace[];
  readonly found: Space;
  /** The parameter is the space variable, already bound by an earlier argument to `expected`. */
  readonly shared: boolean;
}

/** What inference learnt about one call. */
export interface MergeFacts {
  /** Undefined for a method the registry does not know. */
  readonly signature: MethodSignature | undefined;
  readonly call: BoundCall | undefined;
  readonly archConflict: ArchConflict | undefined;
  readonly spaceProblems: readonly SpaceProblem[];
}

/** What the host said about a model's file, and which architecture its keys match. */
export interface ModelFile {
  readonly header: ModelHeader | ModelHeaderError;
  readonly detection: Detection | undefined;
  /** When its keys are no checkpoint's but a LoRA's: the LoRA read against the architecture it fits best. */
  readonly lora?: LoraSource | undefined;
}

export interface Inference {
  readonly types: ReadonlyMap<NodeId, NodeType>;
  /** By node id: the facts of each call. */
  readonly merges: readonly (MergeFacts | undefined)[];
  readonly files: ReadonlyMap<NodeId, ModelFile>;
  readonly models: ReadonlyMap<NodeId, ResolvedModel>;
  /** By node: its architecture is known rather than assumed from a consumer. */
  readonly certain: readonly boolean[];
}

/** An architecture and whether it is known (declared, detected, or computed from known ones) or only assumed. */
interface ArchFact {
  readonly arch: string;
  readonly certain: boolean;
}

/** Rounds of "forward, then from consumers back" before giving up on a fixpoint; two suffice for real recipes. */
const MAX_ROUNDS = 8;

/**
 * Infers every node's type. Forward, in graph order: a model's architecture is its declaration, else its file's
 * (detected from the header), a call's is its models', its space follows the signature (sd-mecha's rules).
 * Backward: a node whose architecture is still unknown (an undeclared model without a file, a legacy `parameter`
 * without one) takes its consumer's. Assumed architectures fill gaps but never make a conflict of their own.
 */
export function inferTypes(graph: RecipeGraph, registry: Registry, host: CheckHost | undefined): Inference {
  const legacy = graph.dialect === 'legacy';
  const files = readFiles(graph, registry, host);
  const models = new Map<NodeId, ResolvedModel>();
  for (const [id, file] of files) {
    if (isHeaderError(file.header)) continue;
    const arch = file.detection && !('unknown' in file.detection) ? file.detection.arch : undefined;
    models.set(id, { path: file.header.file, arch, tensors: file.header.tensors });
  }

  // By node id (ids are 0..n-1): arrays rather than maps, as these are filled for every node on every keystroke.
  const assumed: (string | undefined)[] = new Array<string | undefined>(graph.nodes.length).fill(undefined);
  let pass = forward(graph, registry, legacy, files, assumed);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (!backward(graph, pass, assumed)) break;
    pass = forward(graph, registry, legacy, files, assumed);
  }
  const certain = pass.archs.map((fact) => fact?.certain === true);
  return { types: pass.types, merges: pass.merges, files, models, certain };
}

function readFiles(graph: RecipeGraph, registry: Registry, host: CheckHost | undefined): Map<NodeId, ModelFile> {
  const files = new Map<NodeId, ModelFile>();
  if (!host) return files;
  const byPath = new Map<string, ModelFile>();
  for (const node of graph.nodes) {
    if (node.kind !== 'model' || node.path === '') continue;
    let file = byPath.get(node.path);
    if (!file) {
      const header = host.readModelHeader(node.path);
      const detection = isHeaderError(header) ? undefined : detectArchitecture(registry, header.tensors);
      const lora = !isHeaderError(header) && detection && 'unknown' in detection ? detectLora(registry, header.tensors) : undefined;
      file = { header, detection, lora };
      byPath.set(node.path, file);
    }
    files.set(node.id, file);
  }
  return files;
}

interface Pass {
  readonly types: Map<NodeId, NodeType>;
  readonly archs: (ArchFact | undefined)[];
  readonly merges: (MergeFacts | undefined)[];
}

function forward(
  graph: RecipeGraph,
  registry: Registry,
  legacy: boolean,
  files: ReadonlyMap<NodeId, ModelFile>,
  assumed: readonly (string | undefined)[],
): Pass {
  const types = new Map<NodeId, NodeType>();
  const archs = new Array<ArchFact | undefined>(graph.nodes.length).fill(undefined);
  const merges = new Array<MergeFacts | undefined>(graph.nodes.length).fill(undefined);
  const isValue = (id: NodeId): boolean => {
    const node = graph.nodes[id];
    return node?.kind === 'hyper' || node?.kind === 'literal' || types.get(id)?.space === 'param';
  };
  const fallback = (id: NodeId): ArchFact | undefined => {
    const arch = assumed[id];
    return arch === undefined ? undefined : { arch, certain: false };
  };

  for (const node of graph.nodes) {
    let type: NodeType;
    let arch: ArchFact | undefined;
    switch (node.kind) {
      case 'model':
      case 'param': {
        if (node.kind === 'param' && isScalarParam(node)) {
          type = { arch: undefined, space: 'param' };
          break;
        }
        arch = declaredArch(node, registry) ?? detectedArch(files.get(node.id)) ?? fallback(node.id);
        const config = node.kind === 'model' ? node.config : undefined;
        type = typeOf(arch?.arch, declaredSpace(node, files.get(node.id)), config);
        break;
      }
      case 'merge': {
        const facts = mergeFacts(node, registry, legacy, types, archs, isValue);
        merges[node.id] = facts.facts;
        arch = facts.arch ?? fallback(node.id);
        type = typeOf(arch?.arch, facts.space, facts.config);
        break;
      }
      case 'hyper': {
        const found = archOfValue(node.value, graph, registry, types);
        arch = found === undefined ? undefined : { arch: found, certain: true };
        type = { arch: found, space: 'param' };
        break;
      }
      case 'literal': {
        const config = node.config === undefined ? undefined : registry.config(node.config);
        const found = config?.architecture;
        arch = found === undefined ? undefined : { arch: found, certain: true };
        type = typeOf(found, parseSpace(node.space), node.config);
        break;
      }
      case 'error':
        type = { arch: undefined, space: undefined };
        break;
    }
    types.set(node.id, type);
    if (arch) archs[node.id] = arch;
  }
  return { types, archs, merges };
}

/** Sets assumed architectures from consumers; true when it learnt something. */
function backward(graph: RecipeGraph, pass: Pass, assumed: (string | undefined)[]): boolean {
  let changed = false;
  for (let id = graph.nodes.length - 1; id >= 0; id--) {
    const node = graph.nodes[id]!;
    if (node.kind !== 'merge') continue;
    const arch = pass.archs[id]?.arch ?? assumed[id];
    if (arch === undefined) continue;
    const call = pass.merges[id]?.call;
    // The call's models, then the nodes its hyperparameters name, in that order (the first consumer seen wins).
    if (call) {
      for (const m of call.models) if (assume(graph, pass, assumed, node.inputs[m.index]!, arch)) changed = true;
      for (const value of call.hypers.values()) {
        if (value.value.kind === 'node' && assume(graph, pass, assumed, value.value.node, arch)) changed = true;
      }
    } else {
      for (const input of node.inputs) if (assume(graph, pass, assumed, input, arch)) changed = true;
    }
  }
  return changed;
}

/** Assumes `arch` for a model, param or call whose architecture is not known or assumed yet; true if it did. */
function assume(graph: RecipeGraph, pass: Pass, assumed: (string | undefined)[], target: NodeId, arch: string): boolean {
  const kind = graph.nodes[target]?.kind;
  if (kind !== 'model' && kind !== 'param' && kind !== 'merge') return false;
  if (pass.archs[target] !== undefined || assumed[target] !== undefined) return false;
  assumed[target] = arch;
  return true;
}

/** A node type, with `config` only when there is one (as the type is read and printed). */
function typeOf(arch: string | undefined, space: Space | undefined, config: string | undefined): NodeType {
  return config !== undefined ? { arch, space, config } : { arch, space };
}

function mergeFacts(
  node: MergeNode,
  registry: Registry,
  legacy: boolean,
  types: ReadonlyMap<NodeId, NodeType>,
  archs: readonly (ArchFact | undefined)[],
  isValue: (id: NodeId) => boolean,
): { facts: MergeFacts; arch: ArchFact | undefined; space: Space | undefined; config: string | undefined } {
  const signature = registry.method(node.method);
  const call = signature ? bindCall(signature, node, legacy, isValue) : undefined;
  let certain: ArchFact | undefined;
  let uncertain: ArchFact | undefined;
  let archConflict: ArchConflict | undefined;
  let config: string | undefined;
  // The positions that carry models of the call's own architecture (a singleton input has none), in order.
  const count = call ? call.models.length : node.inputs.length;
  for (let k = 0; k < count; k++) {
    let index = k;
    if (call) {
      const m = call.models[k]!;
      if (m.param.config !== undefined) continue;
      index = m.index;
    } else if (isValue(node.inputs[k]!)) continue;
    const input = node.inputs[index]!;
    const fact = archs[input];
    const inputConfig = types.get(input)?.config;
    if (config === undefined && inputConfig !== undefined && registry.config(inputConfig)?.architecture) config = inputConfig;
    if (!fact) continue;
    if (!fact.certain) {
      uncertain ??= fact;
      continue;
    }
    if (!certain) certain = fact;
    else if (fact.arch !== certain.arch && !archConflict) {
      archConflict = { index, expected: certain.arch, found: fact.arch };
    }
  }
  const arch = signature?.returnsAnyArchitecture ? undefined : (certain ?? uncertain);

  const spaces = call ? resolveSpaces(call, node, types, isValue) : { space: undefined, problems: [] };
  return {
    facts: { signature, call, archConflict, spaceProblems: spaces.problems },
    arch,
    space: spaces.space,
    config,
  };
}

/**
 * sd-mecha's space rules, tolerant of unknowns: a fixed-space parameter takes that space; the parameters typed
 * `s` share one space the signature allows; the output is the fixed space or what `s` was bound to. An argument
 * of unknown space, or a plain value (reported as such by another rule), binds nothing.
 */
function resolveSpaces(
  call: BoundCall,
  node: MergeNode,
  types: ReadonlyMap<NodeId, NodeType>,
  isValue: (id: NodeId) => boolean,
): { space: Space | undefined; problems: SpaceProblem[] } {
  const signature = call.signature;
  const allowed = signature.spaceVariable ?? DEFAULT_SPACE_VARIABLE;
  const problems: SpaceProblem[] = [];
  let bound: MergeSpace | undefined;
  for (const { index, param } of call.models) {
    const input = node.inputs[index]!;
    const found = types.get(input)?.space;
    if (found === undefined || (isValue(input) && !allowsParam(param.space, allowed))) continue;
    // An input of the wrong config is reported as such; it binds no space.
    if (param.config !== undefined && types.get(input)?.config !== param.config) continue;
    const space = signatureSpace(found);
    if (param.space === 's') {
      if (bound === undefined) {
        if (allowed.includes(space)) bound = space;
        else problems.push({ index, param: param.name, expected: allowed, found, shared: false });
      } else if (space !== bound) {
        problems.push({ index, param: param.name, expected: [bound], found, shared: true });
      }
    } else if (space !== param.space) {
      problems.push({ index, param: param.name, expected: [param.space], found, shared: false });
    }
  }
  const returns = signature.returns;
  if (typeof returns === 'object') {
    const value = call.hypers.get(returns.fromHyper)?.value;
    return { space: value?.kind === 'string' ? parseSpace(value.value) : undefined, problems };
  }
  if (returns !== 's') return { space: returns, problems };
  return { space: bound ?? (allowed.length === 1 ? allowed[0] : undefined), problems };
}

function allowsParam(space: MergeSpace | 's', allowed: readonly MergeSpace[]): boolean {
  return space === 'param' || (space === 's' && allowed.includes('param'));
}

function declaredArch(node: ModelNode | ParamNode, registry: Registry): ArchFact | undefined {
  let arch: string | undefined;
  if (node.kind === 'model' && node.config !== undefined) arch = registry.config(node.config)?.architecture;
  else if (node.arch !== undefined) arch = registry.architecture(node.arch)?.id;
  return arch === undefined ? undefined : { arch, certain: true };
}

function detectedArch(file: ModelFile | undefined): ArchFact | undefined {
  if (file?.lora) return { arch: file.lora.arch, certain: true };
  const detection = file?.detection;
  if (!detection || 'unknown' in detection) return undefined;
  return { arch: detection.arch, certain: true };
}

/**
 * A declared space; a model declared without one is a LoRA when its file is one, else a full model, as is a param.
 * Unknown spaces are left undefined.
 */
function declaredSpace(node: ModelNode | ParamNode, file: ModelFile | undefined): Space | undefined {
  if (node.space === undefined) return file?.lora ? 'lora' : 'weight';
  return parseSpace(node.space);
}

/** The (first) architecture a hyperparameter value names, through bound names (maps joined with `|`, in order). */
function archOfValue(
  value: HyperValue,
  graph: RecipeGraph,
  registry: Registry,
  types: ReadonlyMap<NodeId, NodeType>,
): string | undefined {
  switch (value.kind) {
    case 'pipe':
      for (const part of value.parts) {
        const arch = archOfValue(part, graph, registry, types);
        if (arch !== undefined) return arch;
      }
      return undefined;
    case 'node': {
      const arch = types.get(value.node)?.arch;
      return arch !== undefined && graph.nodes[value.node]?.kind === 'hyper' ? arch : undefined;
    }
    case 'map':
      for (const entry of value.entries) {
        if (entry.kind === 'invalid' || entry.kind === 'key' || entry.arch === undefined) continue;
        const arch = registry.architecture(entry.arch)?.id;
        if (arch !== undefined) return arch;
      }
      return undefined;
    default:
      return undefined;
  }
}
