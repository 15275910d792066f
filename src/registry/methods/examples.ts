/**
 * One example call per merge method, in version 1, on three sd1 models `a`, `b` and `c` (a delta method works on
 * `subtract(x, c)` and its result is added back to `c` or `a`), as lines of a recipe after its `model` lines. Each
 * is also a recipe under test/fixtures/run that the tests check and run on tiny models, so an example that stops
 * checking or running fails a test. The structural helpers share one whole sd-mecha 1.x recipe. The method
 * reference and `mechac info --methods` show them.
 */

/**
 * How sd-mecha 1.x writes a hyperparameter and ends a recipe, in a version 0.1.0 file: `literal` wraps the dict of
 * line 2, `convert_singleton` spreads it over the keys, and `fallback` fills the keys the merge lacks from `a`.
 * test/methods/consistency.test.ts runs it with a `b` that lacks the text encoder.
 */
const HELPERS_0_1_0: readonly string[] = [
  'version 0.1.0',
  'model "a" model_config="sd1-ldm" merge_space="weight"',
  'model "b" model_config="sd1-ldm" merge_space="weight"',
  'dict key=0.25',
  'literal &2 model_config="singleton-mecha" merge_space="param"',
  'merge "convert_singleton" &3',
  'merge "weighted_sum" &0 &1 &4',
  'merge "fallback" &5 &0',
];

export const METHOD_EXAMPLES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['weighted_sum', ['let out = weighted_sum(a, b, alpha=0.3)']],
  ['n_average', ['let out = n_average(a, b, c)']],
  ['slerp', ['let out = slerp(a, b, alpha=0.3)']],
  ['add_difference', ['let out = add_difference(a, subtract(b, c), alpha=0.5)']],
  ['subtract', ['let delta = subtract(b, c)', 'let out   = add_difference(a, delta, alpha=0.75)']],
  [
    'scale',
    [
      '# per-block factors: the mid block unchanged, the output blocks doubled, the rest halved',
      'let factor = default(sd1, 0.5) | blocks(sd1.unet, mid=1, out*=2)',
      'let out    = add_difference(a, scale(subtract(b, c), alpha=factor))',
    ],
  ],
  [
    'task_arithmetic',
    [
      'let sum = task_arithmetic(subtract(a, c), subtract(b, c), lambda=0.7)',
      'let out = add_difference(c, sum)',
    ],
  ],
  [
    'perpendicular_component',
    [
      'let perp = perpendicular_component(subtract(a, c), subtract(b, c))',
      'let out  = add_difference(a, perp)',
    ],
  ],
  ['geometric_sum', ['let out = geometric_sum(a, b, alpha=0.3)']],
  ['multiply_quotient', ['let out = multiply_quotient(a, b, c, alpha=0.5)']],
  ['train_difference', ['let out = train_difference(a, b, c, alpha=0.8)']],
  ['add_opposite', ['let out = add_opposite(a, b, c, alpha=0.8)']],
  ['clamped_add_opposite', ['let out = clamped_add_opposite(a, b, c, alpha=0.8)']],
  [
    'select_max_delta',
    [
      'let picked = select_max_delta(subtract(a, c), subtract(b, c), alpha=0.5)',
      'let out    = add_difference(c, picked)',
    ],
  ],
  ['add_cosine_a', ['let out = add_cosine_a(a, b, alpha=-0.45)']],
  ['add_cosine_b', ['let out = add_cosine_b(a, b, alpha=-0.45)']],
  [
    'ties_sum',
    [
      'let merged = ties_sum(subtract(a, c), subtract(b, c), k=0.5, vote_sgn=true)',
      'let out    = add_difference(c, merged)',
    ],
  ],
  [
    'ties_sum_extended',
    [
      'let merged = ties_sum_extended(subtract(a, c), subtract(b, c), k=0.5, apply_median=true, maxiter=20)',
      'let out    = add_difference(c, merged)',
    ],
  ],
  [
    'ties_sum_with_dropout',
    [
      'let da     = subtract(a, c)',
      'let db     = subtract(b, c)',
      'let merged = ties_sum_with_dropout(da, db, probability=0.3, della_eps=0.1, k=0.5, seed=42)',
      'let out    = add_difference(c, merged)',
    ],
  ],
  [
    'della',
    [
      'let merged = della(subtract(a, c), subtract(b, c), probability=0.5, della_eps=0.2, seed=7)',
      'let out    = add_difference(c, merged)',
    ],
  ],
  [
    'dropout',
    [
      'let mixed = dropout(subtract(a, c), subtract(b, c), probability=0.5, overlap=0.5, seed=3)',
      'let out   = add_difference(c, mixed)',
    ],
  ],
  ['model_stock', ['let stock = model_stock(subtract(a, c), subtract(b, c))', 'let out   = add_difference(c, stock)']],
  ['geometric_median', ['let out = geometric_median(a, b, c, maxiter=50)']],
  [
    'breadcrumbs',
    [
      'let crumbs = breadcrumbs(subtract(a, c), subtract(b, c), beta=0.05, gamma=0.5, lambda=0.8)',
      'let out    = add_difference(c, crumbs)',
    ],
  ],
  ['crossover', ['let out = crossover(a, b, alpha=0.4, tilt=0.3)']],
  ['distribution_crossover', ['let out = distribution_crossover(a, b, c, alpha=0.4, tilt=0.2)']],
  ['rotate', ['let out = rotate(a, b, alignment=0.5, alpha=0.25)']],
  ['truncate_rank', ['let low = truncate_rank(subtract(b, c), rank_ratio=0.25)', 'let out = add_difference(a, low)']],
  ['tensor_sum', ['let out = tensor_sum(a, b, width=0.4, offset=0.2)']],
  ['top_k_tensor_sum', ['let out = top_k_tensor_sum(a, b, width=0.5, offset=0.25)']],
  ['clamp', ['let out = clamp(weighted_sum(a, b, alpha=1.5), b, c, stiffness=0.3)']],
  ['clip', ['let out = clip(weighted_sum(a, b, alpha=1.5), b, c, weighted_sum(b, c, alpha=0.2), stiffness=0.5)']],
  ['fallback', HELPERS_0_1_0],
  ['convert_singleton', HELPERS_0_1_0],
  ['literal', HELPERS_0_1_0],
]);
