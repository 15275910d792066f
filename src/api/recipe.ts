/**
 * Recipes as values: what the library's method functions build and what `serialize`, `check`, `plan` and `merge`
 * take. A recipe is a tree of plain objects (a shared object is one binding of the recipe, used twice); it knows no
 * signatures, so anything is built here and the checker judges it, as it judges `.mecha` text.
 */

/** A merge space as the recipe API types it: models are full weights unless said otherwise. */
export type Space = 'weight' | 'delta' | 'lora';

interface RecipeBase<S extends Space> {
  /** Carries the space for the compiler only: it never holds a value. */
  readonly __space?: S;
  /** The name the recipe's text gives this value (`let mix = ...`); serialize makes one up when absent. */
  readonly name?: string | undefined;
}

/** A checkpoint file: a path relative to the models directories (".safetensors" implied) or absolute. */
export interface ModelRecipe<S extends Space = Space> extends RecipeBase<S> {
  readonly kind: 'model';
  readonly path: string;
  /** `sd1`, `sdxl`, a user architecture's id; absent: read from the file's header. */
  readonly arch?: string | undefined;
  readonly space?: S | undefined;
}

/** A hole in a template, filled with `mechac compose -p` or before running. */
export interface ParamRecipe<S extends Space = Space> extends RecipeBase<S> {
  readonly kind: 'param';
  readonly name: string;
  readonly arch?: string | undefined;
  readonly space?: S | undefined;
}

/** A call of a merge method: positional model inputs, then keyword hyperparameters. */
export interface MergeRecipe<S extends Space = Space> extends RecipeBase<S> {
  readonly kind: 'merge';
  /** The registry's name (`weighted_sum`). */
  readonly method: string;
  readonly inputs: readonly RecipeInput[];
  readonly hypers: Readonly<Record<string, Hyper>>;
}

export type Recipe<S extends Space = Space> = ModelRecipe<S> | ParamRecipe<S> | MergeRecipe<S>;

/** A model input: a recipe, or a plain string naming a model file (a full model; architecture from its header). */
export type RecipeInput<S extends Space = Space> = Recipe<S> | (S extends 'weight' ? string : never);

/** One part of a per-key hyperparameter. */
export type HyperMapPart =
  | { readonly kind: 'blocks'; readonly target: string; readonly entries: Readonly<Record<string, number>> }
  | { readonly kind: 'classes'; readonly target: string; readonly entries: Readonly<Record<string, number>> }
  | { readonly kind: 'default'; readonly target: string; readonly value: number }
  /** SuperMerger's 26 comma-separated block values (`BASE,IN00..IN11,M00,OUT00..OUT11`). */
  | { readonly kind: 'mbw'; readonly target: string; readonly values: string };

/** A per-key hyperparameter: parts joined as `|` joins them (a later part wins where two set one entry). */
export interface HyperMap {
  readonly kind: 'hyper-map';
  readonly parts: readonly HyperMapPart[];
  /** This map followed by others. */
  pipe(...others: readonly HyperMap[]): HyperMap;
}

export type Scalar = number | boolean | string | null;
export type Hyper = Scalar | HyperMap;

/** `model("ghostmix", "sd1")`, `model("lora/x", "sd1", "lora")`: a model file with the type it is declared with. */
export function model<S extends Space = 'weight'>(path: string, arch?: string, space?: S): ModelRecipe<S> {
  return { kind: 'model', path, arch, space };
}

/** A template's hole, typed as `.mecha` types one: `param("style", "sd1")`, `param("d", "sd1 delta")`. */
export function param<T extends string>(name: string, type?: T): ParamRecipe<SpaceOfType<T>> {
  if (type === undefined) return { kind: 'param', name };
  const [arch, space] = type.trim().split(/\s+/);
  return { kind: 'param', name, arch, space: space as SpaceOfType<T> | undefined };
}

/** The space a `.mecha` type names: `"sd1"` is a full model, `"sd1 delta"` a delta. */
export type SpaceOfType<T extends string> = T extends `${string} ${infer S extends Space}` ? S : 'weight';

/** A call of any registered method by its registry name, checked when the recipe is checked. */
export function call(method: string, ...args: readonly (RecipeInput | HyperArgs)[]): MergeRecipe {
  const last = args[args.length - 1];
  const hasHypers = last !== undefined && isHyperArgs(last);
  const inputs = (hasHypers ? args.slice(0, -1) : args) as RecipeInput[];
  const hypers: Record<string, Hyper> = {};
  // `{ alpha: undefined }` leaves alpha at its default, as leaving it out does.
  if (hasHypers) for (const [name, value] of Object.entries(last as HyperArgs)) if (value !== undefined) hypers[name] = value;
  return { kind: 'merge', method, inputs, hypers };
}

/** Keyword hyperparameters, the last argument of a method call. */
export type HyperArgs = Readonly<Record<string, Hyper | undefined>>;

function isHyperArgs(value: unknown): value is HyperArgs {
  return typeof value === 'object' && value !== null && !('kind' in value);
}

/** `blocks("sd1.unet", { in2: 0.75, "out*": 0.1 })`: values per block of a component. */
export function blocks(target: string, entries: Readonly<Record<string, number>>): HyperMap {
  return hyperMap([{ kind: 'blocks', target, entries }]);
}

/** `classes("sd1.txt", { mlp_fc1: 0.5 })`: values per layer class of a component. */
export function classes(target: string, entries: Readonly<Record<string, number>>): HyperMap {
  return hyperMap([{ kind: 'classes', target, entries }]);
}

/** `defaults("sd1", 0.5)`, `defaults("sd1.txt", 0.3)`: the value of every key of an architecture or component. */
export function defaults(target: string, value: number): HyperMap {
  return hyperMap([{ kind: 'default', target, value }]);
}

/** `mbw("sd1", "0,0.1,...")`: SuperMerger's 26 block values, as its UI writes them. */
export function mbw(arch: string, values: string): HyperMap {
  return hyperMap([{ kind: 'mbw', target: arch, values }]);
}

export function hyperMap(parts: readonly HyperMapPart[]): HyperMap {
  return {
    kind: 'hyper-map',
    parts,
    pipe: (...others) => hyperMap([...parts, ...others.flatMap((o) => o.parts)]),
  };
}

export function isRecipe(value: unknown): value is Recipe {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'model' || kind === 'param' || kind === 'merge';
}
