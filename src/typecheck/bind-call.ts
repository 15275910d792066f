import type { HyperArg, HyperValue, MergeNode, NodeId } from '../graph/types.js';
import { hyperDefault, type HyperParam, type MethodSignature, type ModelParam } from '../registry/methods/signature.js';
import type { Span } from '../text/span.js';

/** A hyperparameter of a call matched to its parameter. */
export interface BoundHyper {
  readonly param: HyperParam;
  readonly value: HyperValue;
  /** The whole argument (`alpha=0.5`, or the positional value). */
  readonly span: Span;
  /** The keyword as written; undefined for a positional value. */
  readonly nameSpan: Span | undefined;
}

/** A keyword or positional value given for a hyperparameter that already has one. */
export interface DuplicateHyper {
  readonly name: string;
  readonly span: Span;
  readonly nameSpan: Span | undefined;
  readonly first: Span;
}

/** How a call's arguments meet its method's signature. */
export interface BoundCall {
  readonly signature: MethodSignature;
  /** Positional arguments taken as models: their position and the parameter receiving them. */
  readonly models: readonly { readonly index: number; readonly param: ModelParam }[];
  readonly hypers: ReadonlyMap<string, BoundHyper>;
  /** Keywords the signature does not have. */
  readonly unknown: readonly HyperArg[];
  readonly duplicates: readonly DuplicateHyper[];
  /** Positions of arguments left over once every model and hyperparameter is taken. */
  readonly extra: readonly number[];
  /** Model parameters without an argument. */
  readonly missingModels: readonly ModelParam[];
  /** Required hyperparameters without a value. */
  readonly missingHypers: readonly HyperParam[];
  /** In a legacy call spelled the early-2024 way, the old keyword names read as the current ones. */
  readonly renames: Readonly<Record<string, string>>;
}

/**
 * Matches a call's arguments to a signature, as sd-mecha binds a Python call: positional arguments fill the model
 * parameters (a variadic one takes the rest), then, when they are values rather than models, the hyperparameters
 * in order (sd-mecha 1.x writes `merge "weighted_sum" &0 &1 &2` with the alpha third); keywords name the rest.
 * `isValue` tells a value (a number, a `dict`, a parameter-space node) from a model.
 */
export function bindCall(
  signature: MethodSignature,
  node: MergeNode,
  legacy: boolean,
  isValue: (id: NodeId) => boolean,
): BoundCall {
  const shape = shapeOf(signature);
  const renames = legacyRenames(signature, node, legacy);
  const models: { index: number; param: ModelParam }[] = [];
  const hypers = new Map<string, BoundHyper>();
  // Lists that are almost always empty are made on their first entry (this runs for every call, every keystroke).
  let duplicates: DuplicateHyper[] | undefined;
  let extra: number[] | undefined;
  const { fixed, variadic } = shape;

  let nextHyper = 0;
  const inputs = node.inputs;
  for (let index = 0; index < inputs.length; index++) {
    if (index < fixed.length) {
      models.push({ index, param: fixed[index]! });
      continue;
    }
    if (variadic) {
      models.push({ index, param: variadic });
      continue;
    }
    const input = inputs[index]!;
    const param = signature.hypers[nextHyper];
    if (param !== undefined && isValue(input)) {
      nextHyper++;
      const span = node.inputSpans[index]!;
      hypers.set(param.name, { param, value: { kind: 'node', node: input, span }, span, nameSpan: undefined });
      continue;
    }
    (extra ??= []).push(index);
  }

  let unknown: HyperArg[] | undefined;
  for (const arg of node.hypers) {
    const name = renames[arg.name] ?? arg.name;
    const param = shape.hyperByName.get(name);
    if (!param) {
      (unknown ??= []).push(arg);
      continue;
    }
    const first = hypers.get(name);
    if (first) {
      (duplicates ??= []).push({ name: arg.name, span: arg.span, nameSpan: arg.nameSpan, first: first.span });
      continue;
    }
    hypers.set(name, { param, value: arg.value, span: arg.span, nameSpan: arg.nameSpan });
  }

  // The fixed parameters given are the first `givenFixed` (a parameter listed twice counts where it first is).
  const givenFixed = Math.min(inputs.length, fixed.length);
  let missingModels: ModelParam[] | undefined;
  for (let i = givenFixed; i < fixed.length; i++) {
    const m = fixed[i]!;
    if (!m.optional && fixed.indexOf(m) >= givenFixed) (missingModels ??= []).push(m);
  }
  if (variadic) {
    const count = Math.max(0, inputs.length - fixed.length);
    for (let i = count; i < variadic.variadic!.min; i++) (missingModels ??= []).push(variadic);
  }
  let missingHypers: HyperParam[] | undefined;
  for (const h of signature.hypers) {
    if (!hypers.has(h.name) && hyperDefault(h, legacy) === 'required') (missingHypers ??= []).push(h);
  }
  return {
    signature,
    models,
    hypers,
    unknown: unknown ?? NONE,
    duplicates: duplicates ?? NONE,
    extra: extra ?? NONE,
    missingModels: missingModels ?? NONE,
    missingHypers: missingHypers ?? NONE,
    renames,
  };
}

/** The empty list every call without such entries shares (the lists are read-only). */
const NONE: readonly never[] = Object.freeze([]);
const NO_RENAMES: Readonly<Record<string, string>> = Object.freeze({});

/** What binding needs of a signature, worked out once per signature (signatures are immutable registry data). */
interface SignatureShape {
  readonly fixed: readonly ModelParam[];
  readonly variadic: ModelParam | undefined;
  /** The first hyperparameter of each name. */
  readonly hyperByName: ReadonlyMap<string, HyperParam>;
}

const shapes = new WeakMap<MethodSignature, SignatureShape>();

function shapeOf(signature: MethodSignature): SignatureShape {
  let shape = shapes.get(signature);
  if (!shape) {
    const hyperByName = new Map<string, HyperParam>();
    for (const h of signature.hypers) if (!hyperByName.has(h.name)) hyperByName.set(h.name, h);
    shape = {
      fixed: signature.models.filter((m) => !m.variadic),
      variadic: signature.models.find((m) => m.variadic),
      hyperByName,
    };
    shapes.set(signature, shape);
  }
  return shape;
}

/** The renames to apply when a legacy call uses the signature's older naming (`rotate(alpha=, beta=)`). */
function legacyRenames(signature: MethodSignature, node: MergeNode, legacy: boolean): Readonly<Record<string, string>> {
  const old = signature.legacyRenames;
  if (!legacy || !old || !node.hypers.some((h) => h.name === old.marker)) return NO_RENAMES;
  return old.renames;
}
