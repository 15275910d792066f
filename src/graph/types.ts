import type { Dialect } from '../ast/nodes.js';
import type { Span } from '../text/span.js';

/**
 * The recipe graph: what a recipe computes, the same for every dialect. Nodes are numbered in the order the
 * builder made them, which is a topological order (a node's inputs come before it). The graph knows no method
 * signatures: a call's positional arguments are its model inputs and its keyword arguments its hyperparameters.
 */
export type NodeId = number;

interface NodeBase {
  readonly id: NodeId;
  /** The syntax that made the node: a call, a string, a `model` declaration, a legacy line. */
  readonly span: Span;
  /** The v1 name bound to it, if any (`let name = ...`, `model name = ...`). */
  readonly name?: string | undefined;
  readonly nameSpan?: Span | undefined;
  /** The whole statement that bound or made it, when that differs from `span` (a `let` around a call). */
  readonly statementSpan?: Span | undefined;
  /** In legacy recipes, the `&N` number of the line that made it. */
  readonly index?: number | undefined;
}

/** A checkpoint read from a file. `arch`, `space` and `config` are only what the recipe declares. */
export interface ModelNode extends NodeBase {
  readonly kind: 'model';
  readonly path: string;
  readonly pathSpan: Span;
  /** `sd1`, `sdxl`; for an sd-mecha 0.1.0 config such as `sd1-ldm`, the part before the dash. */
  readonly arch?: string | undefined;
  /** `weight`, `delta`, `lora` (legacy `base` reads as `weight`). */
  readonly space?: string | undefined;
  /** The sd-mecha 0.1.0 `model_config` as written (`sd1-ldm`). */
  readonly config?: string | undefined;
  /** Written as a string where a model was expected (`weighted_sum(a, "other")`). */
  readonly inline: boolean;
}

/** A hole in a template recipe, filled when the recipe is run or composed. */
export interface ParamNode extends NodeBase {
  readonly kind: 'param';
  readonly name: string;
  readonly arch?: string | undefined;
  readonly space?: string | undefined;
}

/** A call of a merge method. */
export interface MergeNode extends NodeBase {
  readonly kind: 'merge';
  readonly method: string;
  readonly methodSpan: Span;
  /** The positional arguments, in order. */
  readonly inputs: readonly NodeId[];
  /** The span of each positional argument, parallel to `inputs`. */
  readonly inputSpans: readonly Span[];
  /** The keyword arguments, in source order. */
  readonly hypers: readonly HyperArg[];
}

/** A value that is not a model: `let mix = blocks(...) | default(...)`, a legacy `dict`, a number given positionally. */
export interface HyperNode extends NodeBase {
  readonly kind: 'hyper';
  readonly value: HyperValue;
}

/** An sd-mecha 0.1.0 `literal`: a value tagged with a model config and a merge space. */
export interface LiteralNode extends NodeBase {
  readonly kind: 'literal';
  readonly value: HyperValue;
  readonly config?: string | undefined;
  readonly space?: string | undefined;
}

/** Stands where a reference could not be resolved (already reported), so inputs keep their positions. */
export interface ErrorNode extends NodeBase {
  readonly kind: 'error';
}

export type GraphNode = ModelNode | ParamNode | MergeNode | HyperNode | LiteralNode | ErrorNode;

/** `alpha=0.5` */
export interface HyperArg {
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: HyperValue;
  readonly span: Span;
}

export type HyperValue =
  | { readonly kind: 'number'; readonly value: number; readonly raw: string; readonly span: Span }
  | { readonly kind: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'null'; readonly span: Span }
  | HyperMap
  /** `a | b | c`, nested pipes flattened; the right side wins where both set an entry. */
  | { readonly kind: 'pipe'; readonly parts: readonly HyperValue[]; readonly span: Span }
  /** Another node used as a value: a bound hyper map, a legacy `&N`, or a model where a number was expected. */
  | { readonly kind: 'node'; readonly node: NodeId; readonly span: Span }
  /** An expression that cannot be a value (already reported by the parser, or the checker's to report). */
  | { readonly kind: 'invalid'; readonly span: Span };

/** Where a map came from: a v1 call (`blocks(...)`) or a legacy `dict` line. */
export type HyperMapSource = 'blocks' | 'classes' | 'default' | 'mbw' | 'dict';

/** A per-key hyperparameter: entries for blocks, classes and component defaults; later entries win. */
export interface HyperMap {
  readonly kind: 'map';
  readonly source: HyperMapSource;
  readonly entries: readonly HyperEntry[];
  /** The `sd1.unet` of `blocks(sd1.unet, ...)`; absent for dicts. */
  readonly targetSpan?: Span | undefined;
  readonly span: Span;
}

interface EntryBase {
  readonly span: Span;
}

export type HyperEntry =
  /** `default(sd1.txt, 0.5)`, `default(sd1, 0.5)` (every component), legacy `sd1_txt_default=0.5`. */
  | (EntryBase & {
      readonly kind: 'default';
      readonly arch: string | undefined;
      readonly component: string | undefined;
      readonly value: HyperValue;
    })
  /** `blocks(sd1.unet, in2=0.75)`, legacy `sd1_unet_block_in2=0.75`; `name` may hold a `*` wildcard. */
  | (EntryBase & {
      readonly kind: 'block';
      readonly arch: string | undefined;
      readonly component: string | undefined;
      readonly name: string;
      readonly nameSpan: Span;
      readonly value: HyperValue;
    })
  /** `classes(sd1.txt, mlp_fc1=0.5)`, legacy `sd1_txt_class_mlp_fc1=0.5`. */
  | (EntryBase & {
      readonly kind: 'class';
      readonly arch: string | undefined;
      readonly component: string | undefined;
      readonly name: string;
      readonly nameSpan: Span;
      readonly value: HyperValue;
    })
  /** `mbw(sd1, "0.5,0.5,...")`: SuperMerger's 26 block values, as written. */
  | (EntryBase & { readonly kind: 'mbw'; readonly arch: string | undefined; readonly values: string })
  /** A dict key that names no block, class or default (`key=0.5` of sd-mecha 0.1.0 singletons, raw tensor keys). */
  | (EntryBase & { readonly kind: 'key'; readonly name: string; readonly nameSpan: Span; readonly value: HyperValue })
  /** An argument a hyper map call cannot use (an extra positional value); the checker reports it. */
  | (EntryBase & { readonly kind: 'invalid' });

/** A v1 name introduced by `model`, `param` or `let`. */
export interface Binding {
  readonly name: string;
  readonly nameSpan: Span;
  readonly statementSpan: Span;
  readonly kind: 'model' | 'param' | 'let';
  readonly node: NodeId;
  /** A second definition of a name already bound: reported, and never what a use resolves to. */
  readonly duplicate: boolean;
}

/** A use of a name (v1) or of an `&N` reference (legacy), and what it resolved to. */
export interface NameUse {
  /** As written: `base`, `&3`. */
  readonly text: string;
  readonly span: Span;
  /** The node it refers to, or undefined when it could not be resolved. */
  readonly node: NodeId | undefined;
  /** For v1 names, the index of the binding in `RecipeGraph.bindings`. */
  readonly binding?: number | undefined;
}

export interface RecipeGraph {
  readonly dialect: Dialect;
  readonly nodes: readonly GraphNode[];
  /** The node the recipe produces: v1 `output` or the last `let`; legacy the last line. */
  readonly output: NodeId | undefined;
  readonly outputSpan?: Span | undefined;
  readonly bindings: readonly Binding[];
  readonly uses: readonly NameUse[];
}
