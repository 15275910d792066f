/**
 * Merge-method signatures: what the checker, the completion and hover of the editor, and `mechac info --methods`
 * know about a method. Kernels (the math) live in the runtime and are looked up by the method's name.
 */

/** sd-mecha's merge spaces: full weights, differences of weights, and plain parameters (hyperparameter values). */
export type MergeSpace = 'weight' | 'delta' | 'param';

/** A model parameter's space: a fixed one, or the method's space variable `s` (sd-mecha's `SameMergeSpace`). */
export type SpaceName = MergeSpace | 's';

export const MERGE_SPACES: readonly MergeSpace[] = ['weight', 'delta', 'param'];

/** What `s` may stand for unless a signature says otherwise (sd-mecha 0.0.x: `BASE | DELTA`). */
export const DEFAULT_SPACE_VARIABLE: readonly MergeSpace[] = ['weight', 'delta'];

export interface ModelParam {
  readonly name: string;
  readonly space: SpaceName;
  /** Only on the last parameter: it takes `min` or more models. */
  readonly variadic?: { readonly min: number };
  /** May be left out; only trailing parameters, never together with a variadic one. */
  readonly optional?: boolean;
  /** The input must be in this sd-mecha 1.x model config (`convert_singleton` takes a `singleton-mecha`). */
  readonly config?: string;
  readonly doc?: string;
}

export type HyperType = 'number' | 'int' | 'bool' | 'string';
export type HyperValue = number | boolean | string | null;

export interface HyperParam {
  readonly name: string;
  readonly type: HyperType;
  /** Absent: the hyperparameter is required. `null`: optional and unset (sd-mecha's `None`). */
  readonly default?: HyperValue;
  /**
   * The default sd-mecha 0.0.x used, where it differs from `default` (which follows sd-mecha 1.x and applies to v1
   * and 0.1.0 recipes). A legacy recipe that leaves the hyperparameter out gets this value.
   */
  readonly legacyDefault?: HyperValue;
  /** sd-mecha 0.0.x had no default: legacy recipes must set it. */
  readonly legacyRequired?: boolean;
  /** Inclusive bounds; null for an open side. Values outside are errors (a ratio is [0, 1]). */
  readonly range?: readonly [number | null, number | null];
  /** A per-key map (`blocks(...) | classes(...) | default(...)`) is accepted, not only a scalar. */
  readonly perKey?: boolean;
  /** For strings: the accepted values. */
  readonly values?: readonly string[];
  readonly doc?: string;
}

/**
 * The output's space: fixed, the bound space variable, named by a string hyperparameter (`literal`), or a LoRA file
 * (`to_lora`), which only a recipe's output may be.
 */
export type ReturnSpace = SpaceName | 'lora' | { readonly fromHyper: string };

export interface MethodSignature {
  readonly name: string;
  /** Other names recipes use for it (older or newer sd-mecha spellings). */
  readonly aliases: readonly string[];
  /** Grouping for listings: `linear`, `difference`, `ties`, `spectral`, `selection`, `helpers`. */
  readonly family: string;
  readonly models: readonly ModelParam[];
  /** What `s` may be bound to; defaults to weight and delta. */
  readonly spaceVariable?: readonly MergeSpace[];
  readonly returns: ReturnSpace;
  /** The output has no architecture of its own and takes its consumer's (`convert_singleton`, `literal`). */
  readonly returnsAnyArchitecture?: boolean;
  readonly hypers: readonly HyperParam[];
  /**
   * An older naming of the hyperparameters: a legacy call that uses `marker` is read with `renames`
   * (old name -> current name) applied. Early-2024 `rotate(alpha=, beta=)` meant today's `alignment` and `alpha`.
   */
  readonly legacyRenames?: { readonly marker: string; readonly renames: Readonly<Record<string, string>> };
  /** One paragraph: what it computes, with the formula. Shown on hover. */
  readonly doc: string;
}

/** How many models a call may pass. */
export function arity(sig: MethodSignature): { readonly min: number; readonly max: number } {
  let min = 0;
  let max = 0;
  for (const m of sig.models) {
    if (m.variadic) {
      min += m.variadic.min;
      max = Number.POSITIVE_INFINITY;
    } else {
      if (!m.optional) min++;
      max++;
    }
  }
  return { min, max };
}

/** The model parameter that receives the argument at `index`, variadic parameters absorbing the rest. */
export function modelParamAt(sig: MethodSignature, index: number): ModelParam | undefined {
  if (index < sig.models.length) return sig.models[index];
  const last = sig.models[sig.models.length - 1];
  return last?.variadic ? last : undefined;
}

export type SpaceResolution =
  /** `space` undefined: any space the variable allows (no argument bound it). */
  | { readonly ok: true; readonly space: MergeSpace | undefined }
  | {
      readonly ok: false;
      /** The argument that does not fit. */
      readonly index: number;
      readonly param: string;
      readonly expected: readonly MergeSpace[];
      readonly got: MergeSpace;
    };

/**
 * Checks the arguments' spaces against a signature and computes the output's space, following sd-mecha's rules:
 * a parameter with a fixed space takes only that space; the parameters typed `s` must all receive the same space,
 * one the variable allows; the output is the fixed space, or the space `s` was bound to.
 * Arity is not checked here (see `arity`).
 */
export function resolveReturnSpace(
  sig: MethodSignature,
  argSpaces: readonly MergeSpace[],
  hypers: Readonly<Record<string, HyperValue>> = {},
): SpaceResolution {
  const allowed = sig.spaceVariable ?? DEFAULT_SPACE_VARIABLE;
  let bound: MergeSpace | undefined;
  for (let i = 0; i < argSpaces.length; i++) {
    const param = modelParamAt(sig, i);
    const got = argSpaces[i]!;
    if (param === undefined) continue;
    if (param.space === 's') {
      if (bound === undefined) {
        if (!allowed.includes(got)) return { ok: false, index: i, param: param.name, expected: allowed, got };
        bound = got;
      } else if (got !== bound) {
        return { ok: false, index: i, param: param.name, expected: [bound], got };
      }
    } else if (got !== param.space) {
      return { ok: false, index: i, param: param.name, expected: [param.space], got };
    }
  }
  const r = sig.returns;
  if (typeof r === 'object') {
    const v = hypers[r.fromHyper];
    return {
      ok: true,
      space: typeof v === 'string' && (MERGE_SPACES as readonly string[]).includes(v) ? (v as MergeSpace) : undefined,
    };
  }
  // A LoRA counts as a delta wherever spaces are matched.
  return { ok: true, space: r === 's' ? bound : r === 'lora' ? 'delta' : r };
}

/** The default a hyperparameter takes in a recipe of the given era; `required` when it has none. */
export function hyperDefault(param: HyperParam, legacy: boolean): { readonly value: HyperValue } | 'required' {
  if (legacy) {
    if (param.legacyRequired) return 'required';
    if (param.legacyDefault !== undefined) return { value: param.legacyDefault };
  }
  return param.default === undefined ? 'required' : { value: param.default };
}

function formatSpace(space: SpaceName | 'lora'): string {
  return space === 'param' ? 'param' : `A ${space}`;
}

function formatValue(v: HyperValue, type: HyperType): string {
  if (typeof v === 'string') return JSON.stringify(v);
  // `1.0`, not `1`, so a real-valued default does not read as an integer.
  if (typeof v === 'number' && type === 'number' && Number.isInteger(v)) return v.toFixed(1);
  return v === null ? 'null' : String(v);
}

/** A one-line rendering: `weighted_sum(a: A s, b: A s, alpha: hyper = 0.5) -> A s`. */
export function formatSignature(sig: MethodSignature): string {
  const models = sig.models.map(
    (m) => `${m.variadic ? '*' : ''}${m.name}${m.optional ? '?' : ''}: ${formatSpace(m.space)}`,
  );
  const hypers = sig.hypers.map((h) => {
    const type = h.perKey ? 'hyper' : h.type;
    const range = h.range ? ` in [${h.range[0] ?? '-inf'}, ${h.range[1] ?? 'inf'}]` : '';
    const dflt = h.default === undefined ? '' : ` = ${formatValue(h.default, h.type)}`;
    return `${h.name}: ${type}${range}${dflt}`;
  });
  const ret = typeof sig.returns === 'object' ? `<${sig.returns.fromHyper}>` : formatSpace(sig.returns);
  return `${sig.name}(${[...models, ...hypers].join(', ')}) -> ${ret}`;
}

/**
 * Problems with a signature, for methods a user supplies: names, parameter order, defaults of the right type and
 * within range, the space variable used consistently. Empty when it is sound.
 */
export function validateMethodSignature(sig: MethodSignature): string[] {
  const errors: string[] = [];
  const where = `method '${sig.name}'`;
  const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
  if (!NAME.test(sig.name)) errors.push(`${where}: name is not an identifier`);
  for (const a of sig.aliases) if (!NAME.test(a)) errors.push(`${where}: alias '${a}' is not an identifier`);
  if (!sig.doc.trim()) errors.push(`${where}: doc is empty`);

  const names = new Set<string>();
  const unique = (n: string) => {
    if (names.has(n)) errors.push(`${where}: parameter '${n}' is declared twice`);
    names.add(n);
  };
  sig.models.forEach((m, i) => {
    unique(m.name);
    const last = i === sig.models.length - 1;
    if (m.variadic && !last) errors.push(`${where}: variadic '${m.name}' must be the last model parameter`);
    if (m.variadic && m.optional) errors.push(`${where}: '${m.name}' cannot be both variadic and optional`);
    if (m.optional && sig.models.slice(i + 1).some((n) => !n.optional)) {
      errors.push(`${where}: optional '${m.name}' is followed by a required model parameter`);
    }
    if (m.variadic && (!Number.isInteger(m.variadic.min) || m.variadic.min < 0)) {
      errors.push(`${where}: '${m.name}' has a bad minimum count`);
    }
  });
  const allowed = sig.spaceVariable ?? DEFAULT_SPACE_VARIABLE;
  if (allowed.length === 0) errors.push(`${where}: the space variable allows no space`);
  if (sig.returns === 's' && !sig.models.some((m) => m.space === 's')) {
    errors.push(`${where}: returns 's' but no model parameter is typed 's'`);
  }
  for (const h of sig.hypers) {
    unique(h.name);
    const check = (value: HyperValue | undefined, label: string) => {
      if (value === undefined || value === null) return;
      const ok =
        h.type === 'bool'
          ? typeof value === 'boolean'
          : h.type === 'string'
            ? typeof value === 'string' && (!h.values || h.values.includes(value))
            : typeof value === 'number' && (h.type === 'number' || Number.isInteger(value));
      if (!ok) errors.push(`${where}: ${label} of '${h.name}' is not a valid ${h.type}`);
      else if (typeof value === 'number' && h.range) {
        const [lo, hi] = h.range;
        if ((lo !== null && value < lo) || (hi !== null && value > hi)) {
          errors.push(`${where}: ${label} ${value} of '${h.name}' is outside [${lo ?? '-inf'}, ${hi ?? 'inf'}]`);
        }
      }
    };
    check(h.default, 'default');
    check(h.legacyDefault, 'legacy default');
    if (h.range && h.type !== 'number' && h.type !== 'int')
      errors.push(`${where}: '${h.name}' has a range but is not numeric`);
  }
  if (
    typeof sig.returns === 'object' &&
    !sig.hypers.some((h) => h.name === (sig.returns as { fromHyper: string }).fromHyper)
  ) {
    errors.push(`${where}: returns the space of an undeclared hyperparameter`);
  }
  return errors;
}
