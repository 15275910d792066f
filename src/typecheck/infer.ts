import type { HyperValue, MergeNode, ModelNode, NodeId, ParamNode, RecipeGraph } from '../graph/types.js';
import { detectArchitecture, type Detection } from '../registry/detect.js';
import type { Registry } from '../registry/registry.js';
import { DEFAULT_SPACE_VARIABLE, type MergeSpace, type MethodSignature } from '../registry/methods/signature.js';
import { bindCall, type BoundCall } from './bind-call.js';
import { isHeaderError, type CheckHost, type ModelHeader, type ModelHeaderError } from './host.js';
import { mapsOf } from './hyper-values.js';
import { parseSpace, signatureSpace } from './spaces.js';
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
}

export interface Inference {
  readonly types: ReadonlyMap<NodeId, NodeType>;
  readonly merges: ReadonlyMap<NodeId, MergeFacts>;
  readonly files: ReadonlyMap<NodeId, ModelFile>;
  readonly models: ReadonlyMap<NodeId, ResolvedModel>;
  /** Nodes whose architecture is known rather than assumed from a consumer. */
  readonly certain: ReadonlySet<NodeId>;
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

  const assumed = new Map<NodeId, string>();
  let pass = forward(graph, registry, legacy, files, assumed);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (!backward(graph, pass, assumed)) break;
    pass = forward(graph, registry, legacy, files, assumed);
  }
  const certain = new Set<NodeId>();
  for (const [id, fact] of pass.archs) if (fact.certain) certain.add(id);
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
      file = { header, detection };
      byPath.set(node.path, file);
    }
    files.set(node.id, file);
  }
  return files;
}

interface Pass {
  readonly types: Map<NodeId, NodeType>;
  readonly archs: Map<NodeId, ArchFact>;
  readonly merges: Map<NodeId, MergeFacts>;
}

function forward(
  graph: RecipeGraph,
  registry: Registry,
  legacy: boolean,
  files: ReadonlyMap<NodeId, ModelFile>,
  assumed: ReadonlyMap<NodeId, string>,
): Pass {
  const types = new Map<NodeId, NodeType>();
  const archs = new Map<NodeId, ArchFact>();
  const merges = new Map<NodeId, MergeFacts>();
  const isValue = (id: NodeId): boolean => {
    const node = graph.nodes[id];
    return node?.kind === 'hyper' || node?.kind === 'literal' || types.get(id)?.space === 'param';
  };
  const fallback = (id: NodeId): ArchFact | undefined => {
    const arch = assumed.get(id);
    return arch === undefined ? undefined : { arch, certain: false };
  };

  for (const node of graph.nodes) {
    let type: NodeType;
    let arch: ArchFact | undefined;
    switch (node.kind) {
      case 'model':
      case 'param': {
        arch = declaredArch(node, registry) ?? detectedArch(files.get(node.id)) ?? fallback(node.id);
        const config = node.kind === 'model' ? node.config : undefined;
        type = { arch: arch?.arch, space: declaredSpace(node), ...(config !== undefined ? { config } : {}) };
        break;
      }
      case 'merge': {
        const facts = mergeFacts(node, registry, legacy, types, archs, isValue);
        merges.set(node.id, facts.facts);
        arch = facts.arch ?? fallback(node.id);
        type = { arch: arch?.arch, space: facts.space, ...(facts.config !== undefined ? { config: facts.config } : {}) };
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
        type = { arch: found, space: parseSpace(node.space), ...(node.config !== undefined ? { config: node.config } : {}) };
        break;
      }
      case 'error':
        type = { arch: undefined, space: undefined };
        break;
    }
    types.set(node.id, type);
    if (arch) archs.set(node.id, arch);
  }
  return { types, archs, merges };
}

/** Sets assumed architectures from consumers; true when it learnt something. */
function backward(graph: RecipeGraph, pass: Pass, assumed: Map<NodeId, string>): boolean {
  let changed = false;
  for (let id = graph.nodes.length - 1; id >= 0; id--) {
    const node = graph.nodes[id]!;
    if (node.kind !== 'merge') continue;
    const arch = pass.archs.get(id)?.arch ?? assumed.get(id);
    if (arch === undefined) continue;
    const facts = pass.merges.get(id);
    const targets = facts?.call ? facts.call.models.map((m) => node.inputs[m.index]!) : [...node.inputs];
    for (const value of facts?.call?.hypers.values() ?? []) if (value.value.kind === 'node') targets.push(value.value.node);
    for (const target of targets) {
      const kind = graph.nodes[target]?.kind;
      if (kind !== 'model' && kind !== 'param' && kind !== 'merge') continue;
      if (pass.archs.has(target) || assumed.has(target)) continue;
      assumed.set(target, arch);
      changed = true;
    }
  }
  return changed;
}

function mergeFacts(
  node: MergeNode,
  registry: Registry,
  legacy: boolean,
  types: ReadonlyMap<NodeId, NodeType>,
  archs: ReadonlyMap<NodeId, ArchFact>,
  isValue: (id: NodeId) => boolean,
): { facts: MergeFacts; arch: ArchFact | undefined; space: Space | undefined; config: string | undefined } {
  const signature = registry.method(node.method);
  const call = signature ? bindCall(signature, node, legacy, isValue) : undefined;
  // The positions that carry models of the call's own architecture (a singleton input has none).
  const positions = call
    ? call.models.filter((m) => m.param.config === undefined).map((m) => m.index)
    : node.inputs.map((_, i) => i).filter((i) => !isValue(node.inputs[i]!));

  let certain: ArchFact | undefined;
  let uncertain: ArchFact | undefined;
  let archConflict: ArchConflict | undefined;
  let config: string | undefined;
  for (const index of positions) {
    const input = node.inputs[index]!;
    const fact = archs.get(input);
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
  const detection = file?.detection;
  if (!detection || 'unknown' in detection) return undefined;
  return { arch: detection.arch, certain: true };
}

/** A declared space; a model or param declared without one is a full model. Unknown spaces are left undefined. */
function declaredSpace(node: ModelNode | ParamNode): Space | undefined {
  return node.space === undefined ? 'weight' : parseSpace(node.space);
}

/** The (first) architecture a hyperparameter value names, through bound names. */
function archOfValue(
  value: HyperValue,
  graph: RecipeGraph,
  registry: Registry,
  types: ReadonlyMap<NodeId, NodeType>,
): string | undefined {
  for (const part of mapsOf(value)) {
    if (part.kind === 'node') {
      const arch = types.get(part.node)?.arch;
      if (arch !== undefined && graph.nodes[part.node]?.kind === 'hyper') return arch;
      continue;
    }
    for (const entry of part.entries) {
      if (entry.kind === 'invalid' || entry.kind === 'key' || entry.arch === undefined) continue;
      const arch = registry.architecture(entry.arch)?.id;
      if (arch !== undefined) return arch;
    }
  }
  return undefined;
}
