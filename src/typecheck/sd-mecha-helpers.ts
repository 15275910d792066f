/**
 * sd-mecha's Python API offers helpers that are not merge methods but compositions of them (its `__init__.py`):
 * `add_difference_ties(base, *models, alpha, k)` is `add_difference(base, ties_sum(subtract(m, base), ..., k=k),
 * alpha=alpha)`. A recipe that calls one is answered with the composition written out.
 */
interface Helper {
  /** The composition with sd-mecha's parameter names, for the help line. */
  readonly form: string;
  /** The composition for a call's argument texts; undefined when the call has too few models. */
  write(models: readonly string[], hypers: ReadonlyMap<string, string>): string | undefined;
}

/** `name=value` for each hyperparameter given that `names` lists, in the call's order. */
function passed(hypers: ReadonlyMap<string, string>, names: readonly string[]): string[] {
  return [...hypers].filter(([name]) => names.includes(name)).map(([name, value]) => `${name}=${value}`);
}

function args(...parts: readonly (string | readonly string[])[]): string {
  return parts.flat().join(', ');
}

/** `add_difference(base, INNER(subtract(m, base), ..., hypers), alpha=...)`: a method over the models' deltas. */
function overDeltas(inner: string, innerHypers: readonly string[], alphaDefault: string | undefined): Helper {
  const alphaForm = `alpha=${alphaDefault ?? '...'}`;
  return {
    form: `add_difference(base, ${inner}(subtract(m1, base), subtract(m2, base), ...${innerHypers.length > 0 ? ', ' + innerHypers.map((h) => `${h}=...`).join(', ') : ''}), ${alphaForm})`,
    write(models, hypers) {
      const [base, ...rest] = models;
      if (base === undefined || rest.length === 0) return undefined;
      const deltas = rest.map((m) => `subtract(${m}, ${base})`);
      const alpha = hypers.get('alpha') ?? alphaDefault;
      const outer = alpha === undefined ? [] : [`alpha=${alpha}`];
      return `add_difference(${args(base, `${inner}(${args(deltas, passed(hypers, innerHypers))})`, outer)})`;
    },
  };
}

const TIES_EXTENDED = ['k', 'vote_sgn', 'apply_stock', 'cos_eps', 'apply_median', 'eps', 'maxiter', 'ftol'];

/** `add_difference(c, METHOD(subtract(a, c), subtract(b, c), ...), alpha=1.0)` with a third model, else METHOD(a, b). */
function aroundBase(method: (hypers: ReadonlyMap<string, string>) => string, hyperNames: readonly string[]): Helper {
  return {
    form: `add_difference(c, ${method(new Map())}(subtract(a, c), subtract(b, c), ...), alpha=1.0), or ${method(new Map())}(a, b, ...) without c`,
    write(models, hypers) {
      const [a, b, c] = models;
      if (a === undefined || b === undefined) return undefined;
      const name = method(hypers);
      const own = passed(hypers, hyperNames);
      if (c === undefined) return `${name}(${args(a, b, own)})`;
      return `add_difference(${c}, ${name}(${args(`subtract(${a}, ${c})`, `subtract(${b}, ${c})`, own)}), alpha=1.0)`;
    },
  };
}

const copyRegion = aroundBase((hypers) => (hypers.get('top_k') === 'true' ? 'top_k_tensor_sum' : 'tensor_sum'), ['width', 'offset']);

const HELPERS: ReadonlyMap<string, Helper> = new Map<string, Helper>([
  ['add_difference_ties', overDeltas('ties_sum', ['k'], undefined)],
  ['add_difference_ties_extended', overDeltas('ties_sum_extended', TIES_EXTENDED, undefined)],
  ['ties_with_dare', overDeltas('ties_sum_with_dropout', ['probability', 'no_rescale', 'seed', ...TIES_EXTENDED], '0.5')],
  ['model_stock_n_models', overDeltas('model_stock', ['cos_eps'], '1.0')],
  [
    'add_perpendicular',
    {
      form: 'add_difference(a, perpendicular_component(subtract(a, c), subtract(b, c)), alpha=...)',
      write(models, hypers) {
        const [a, b, c] = models;
        if (a === undefined || b === undefined || c === undefined || models.length > 3) return undefined;
        const alpha = hypers.get('alpha');
        const inner = `perpendicular_component(subtract(${a}, ${c}), subtract(${b}, ${c}))`;
        return `add_difference(${args(a, inner, alpha === undefined ? [] : [`alpha=${alpha}`])})`;
      },
    },
  ],
  ['copy_region', copyRegion],
  ['cosine_add_a', aroundRename('add_cosine_a')],
  ['cosine_add_b', aroundRename('add_cosine_b')],
]);

/** A helper that is a method under another name. */
function aroundRename(method: string): Helper {
  return {
    form: `${method}(a, b, alpha=...)`,
    write: (models, hypers) => `${method}(${args(models, [...hypers].map(([n, v]) => `${n}=${v}`))})`,
  };
}

/** The sd-mecha helper of that name, if there is one. */
export function sdMechaHelper(name: string): Helper | undefined {
  return HELPERS.get(name);
}
