import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { NameSuggestions } from '../graph/name-suggestions.js';
import type { NodeId, RecipeGraph } from '../graph/types.js';
import type { TensorInfo } from './host.js';

/** A node's merge space: sd-mecha's three, plus a LoRA (which converts to a delta against its base). */
export type Space = 'weight' | 'delta' | 'param' | 'lora';

/**
 * The type of a graph node: `sd1 weight`, `sdxl delta`, a hyperparameter (`param`). Parts that could not be
 * inferred are undefined, and checks that need them are skipped rather than guessed.
 */
export interface NodeType {
  readonly arch: string | undefined;
  readonly space: Space | undefined;
  /** The sd-mecha 1.x model config (`sd1-ldm`, `singleton-mecha`), for 0.1.0 recipes. */
  readonly config?: string | undefined;
}

/** A model whose file was found and whose header was read. */
export interface ResolvedModel {
  /** The file found. */
  readonly path: string;
  /** The architecture its keys match, when one does. */
  readonly arch?: string | undefined;
  readonly tensors: ReadonlyMap<string, TensorInfo>;
}

export interface CheckOptions {
  /** A delta is an acceptable output (`run --allow-delta`). */
  readonly allowDelta?: boolean;
  /** Every `param` must be filled (running a recipe). */
  readonly requireParams?: boolean;
  /** A model file that cannot be found is an error, not a warning (running a recipe). */
  readonly requireFiles?: boolean;
  /** The source text, so that messages can name lines. */
  readonly text?: string;
  /**
   * "Did you mean" answers remembered from checks of earlier texts of the same document (the language service keeps
   * one per document); the diagnostics are the same with or without it.
   */
  readonly suggestions?: NameSuggestions;
}

export interface CheckResult {
  readonly graph: RecipeGraph;
  readonly types: ReadonlyMap<NodeId, NodeType>;
  readonly models: ReadonlyMap<NodeId, ResolvedModel>;
  /** The graph's name diagnostics and the checker's, sorted by position. */
  readonly diagnostics: Diagnostic[];
}
