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
  const renames = legacyRenames(signature, node, legacy);
  const models: { index: number; param: ModelParam }[] = [];
  const hypers = new Map<string, BoundHyper>();
  const duplicates: DuplicateHyper[] = [];
  const extra: number[] = [];
  const fixed = signature.models.filter((m) => !m.variadic);
  const variadic = signature.models.find((m) => m.variadic);

  let nextHyper = 0;
  node.inputs.forEach((input, index) => {
    if (index < fixed.length) {
      models.push({ index, param: fixed[index]! });
      return;
    }
    if (variadic) {
      models.push({ index, param: variadic });
      return;
    }
    const param = signature.hypers[nextHyper];
    if (param !== undefined && isValue(input)) {
      nextHyper++;
      const span = node.inputSpans[index]!;
      hypers.set(param.name, { param, value: { kind: 'node', node: input, span }, span, nameSpan: undefined });
      return;
    }
    extra.push(index);
  });

  const unknown: HyperArg[] = [];
  for (const arg of node.hypers) {
    const name = renames[arg.name] ?? arg.name;
    const param = signature.hypers.find((h) => h.name === name);
    if (!param) {
      unknown.push(arg);
      continue;
    }
    const first = hypers.get(name);
    if (first) {
      duplicates.push({ name: arg.name, span: arg.span, nameSpan: arg.nameSpan, first: first.span });
      continue;
    }
    hypers.set(name, { param, value: arg.value, span: arg.span, nameSpan: arg.nameSpan });
  }

  const given = new Set(models.map((m) => m.param));
  const missingModels = fixed.filter((m) => !m.optional && !given.has(m));
  if (variadic) {
    const count = models.filter((m) => m.param === variadic).length;
    for (let i = count; i < variadic.variadic!.min; i++) missingModels.push(variadic);
  }
  const missingHypers = signature.hypers.filter((h) => !hypers.has(h.name) && hyperDefault(h, legacy) === 'required');
  return { signature, models, hypers, unknown, duplicates, extra, missingModels, missingHypers, renames };
}

/** The renames to apply when a legacy call uses the signature's older naming (`rotate(alpha=, beta=)`). */
function legacyRenames(signature: MethodSignature, node: MergeNode, legacy: boolean): Readonly<Record<string, string>> {
  const old = signature.legacyRenames;
  if (!legacy || !old || !node.hypers.some((h) => h.name === old.marker)) return {};
  return old.renames;
}
