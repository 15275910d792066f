import type { HyperParam, MethodSignature } from './signature.js';

/** Methods that combine several task vectors (deltas): TIES and its variants, dropout, model stock, medians. */

const FAMILY = 'ties';

const DELTAS = [{ name: 'models', space: 'delta', variadic: { min: 1 } }] as const;

const K: HyperParam = {
  name: 'k',
  type: 'number',
  default: 0.2,
  range: [0, 1],
  perKey: true,
  doc: 'fraction of each delta kept, by magnitude, before the sign vote',
};
const VOTE_SGN: HyperParam = {
  name: 'vote_sgn',
  type: 'bool',
  default: false,
  doc: 'elect signs by counting signs instead of summing values ("TIES-SOUP")',
};
const APPLY_STOCK: HyperParam = {
  name: 'apply_stock',
  type: 'bool',
  default: false,
  doc: 'scale the fused delta by Model Stock\'s factor ("TIES-STOCK")',
};
const APPLY_MEDIAN: HyperParam = {
  name: 'apply_median',
  type: 'bool',
  default: false,
  doc: 'fuse with the geometric median instead of the mean ("TIES-GMEDIAN")',
};
const COS_EPS: HyperParam = {
  name: 'cos_eps',
  type: 'number',
  default: 1e-6,
  range: [0, null],
  doc: 'guard against zero norms in the cosine similarity',
};
const EPS: HyperParam = {
  name: 'eps',
  type: 'number',
  default: 1e-6,
  range: [0, null],
  doc: 'smallest distance used in the median weights',
};
const MAXITER: HyperParam = {
  name: 'maxiter',
  type: 'int',
  default: 100,
  range: [0, null],
  doc: 'most Weiszfeld iterations',
};
const FTOL: HyperParam = {
  name: 'ftol',
  type: 'number',
  default: 1e-20,
  range: [0, null],
  doc: 'stop when the objective changes by at most this fraction',
};
const PROBABILITY: HyperParam = {
  name: 'probability',
  type: 'number',
  default: 0.9,
  range: [0, 1],
  perKey: true,
  doc: 'chance that an entry of a delta is dropped',
};
const RESCALE: HyperParam = {
  name: 'rescale',
  type: 'number',
  default: 1.0,
  doc: 'exponent of (1 - probability) in the final division; 0 disables rescaling',
};
const SEED: HyperParam = {
  name: 'seed',
  type: 'int',
  default: -1,
  range: [-1, null],
  doc: 'random seed; -1 draws a fresh one (the result is then not reproducible)',
};
const DELLA_EPS: HyperParam = {
  name: 'della_eps',
  type: 'number',
  default: 0.0,
  range: [0, 1],
  perKey: true,
  doc: 'spread of the keep probability across magnitude ranks (DELLA); 0 drops uniformly',
};

/** The fusion options ties_sum_extended shares with the dropout variants. */
const TIES_EXTENDED_HYPERS: readonly HyperParam[] = [
  K,
  VOTE_SGN,
  APPLY_STOCK,
  APPLY_MEDIAN,
  COS_EPS,
  EPS,
  MAXITER,
  FTOL,
];

export const TIES_METHODS: readonly MethodSignature[] = [
  {
    name: 'ties_sum',
    aliases: [],
    family: FAMILY,
    models: DELTAS,
    returns: 'delta',
    hypers: [{ ...K, default: 1.0, legacyDefault: 0.2 }, VOTE_SGN],
    doc:
      'TIES merging of task vectors (Yadav et al., 2023). Trim: each delta keeps its largest-magnitude fraction k ' +
      'of entries and the rest become 0. Elect: each element gets the sign of the sum of the kept values (of ' +
      'their signs with vote_sgn). Merge: the result is the mean of the kept values that agree with that sign, ' +
      'sum over agreeing i of d_i / (number agreeing), and 0 where none agree. Add it to the base with add_difference.',
  },
  {
    name: 'ties_sum_extended',
    aliases: [],
    family: FAMILY,
    models: DELTAS,
    returns: 'delta',
    hypers: TIES_EXTENDED_HYPERS,
    doc:
      'ties_sum with two other ways to fuse the values that survive trimming and the sign vote: apply_stock ' +
      "multiplies the mean by Model Stock's factor t computed from those values (see model_stock), and " +
      'apply_median replaces the mean by their geometric median (eps, maxiter and ftol as in geometric_median). ' +
      'With both off it equals ties_sum with the same k.',
  },
  {
    name: 'ties_sum_with_dropout',
    aliases: [],
    family: FAMILY,
    models: [{ name: 'deltas', space: 'delta', variadic: { min: 1 } }],
    returns: 'delta',
    hypers: [
      PROBABILITY,
      DELLA_EPS,
      RESCALE,
      {
        name: 'no_rescale',
        type: 'bool',
        default: false,
        doc: 'skip the final division (sd-mecha 0.1.0 spelling of rescale = 0)',
      },
      ...TIES_EXTENDED_HYPERS,
      SEED,
    ],
    doc:
      'TIES with DARE (Yu et al., 2023): each entry of each delta is first dropped with chance probability ' +
      '(kept entries unchanged), the survivors go through ties_sum_extended, and the result is divided by ' +
      '(1 - probability)^rescale to restore the expected magnitude. With della_eps > 0 the keep chance rises ' +
      "with the entry's magnitude rank, as in della. The draw depends on seed.",
  },
  {
    name: 'della',
    aliases: [],
    family: FAMILY,
    models: [{ name: 'deltas', space: 'delta', variadic: { min: 1 } }],
    returns: 'delta',
    hypers: [
      PROBABILITY,
      { ...DELLA_EPS, default: 0.15 },
      {
        name: 'rescale',
        type: 'bool',
        default: true,
        doc: 'divide each kept entry by its own chance of being kept',
      },
      SEED,
    ],
    doc:
      'DELLA merging (Deep et al., 2024): drop by magnitude, elect signs, fuse. Within each delta of n entries, the ' +
      'entry of magnitude rank r (1 = smallest) is kept with chance q = (1 - probability) + della_eps * (r/n - (n+1)/(2n)), ' +
      'clamped to [0, 1], so large entries survive more often, and a kept entry is divided by its q (rescale) so ' +
      'that it keeps its expected value. Each element then gets the sign of the sum of the pruned deltas, and the ' +
      'result is the mean of the pruned values that share it (0 where none does). The draw depends on seed.',
  },
  {
    name: 'dropout',
    aliases: [],
    family: FAMILY,
    models: [
      { name: 'delta0', space: 'delta' },
      { name: 'deltas', space: 'delta', variadic: { min: 0 } },
    ],
    returns: 'delta',
    hypers: [
      PROBABILITY,
      RESCALE,
      {
        name: 'overlap',
        type: 'number',
        default: 1.0,
        perKey: true,
        doc: 'how the chosen subsets of deltas may overlap (odd integers: independently)',
      },
      {
        name: 'overlap_emphasis',
        type: 'number',
        default: 0.0,
        perKey: true,
        doc: 'blend the subset distribution toward the binomial one',
      },
      SEED,
    ],
    doc:
      'Random mixing of deltas (DARE, "n-supermario"). For every element it draws which deltas contribute: with ' +
      'overlap = 1 each delta is kept independently with chance 1 - probability; other overlap values draw one ' +
      'subset of deltas per element from a distribution that moves between disjoint (even values) and shared ' +
      'choices, pulled toward the binomial distribution by overlap_emphasis. The result is the sum of the kept ' +
      'values divided by how many were kept (at least 1) and by (1 - probability)^rescale. The draw depends on seed.',
  },
  {
    name: 'model_stock',
    aliases: ['model_stock_for_tensor'],
    family: FAMILY,
    models: [{ name: 'deltas', space: 'delta', variadic: { min: 1 } }],
    returns: 'delta',
    hypers: [COS_EPS],
    doc:
      'Model Stock (Jang et al., 2024) in the form mergekit approximates it: the mean of the deltas times ' +
      't = n cos(w) / (1 + (n - 1) cos(w)), where cos(w) is the mean cosine similarity of consecutive deltas, ' +
      'computed along the last dimension. The deltas share a base; add the result back with add_difference. ' +
      'sd-mecha 0.0.x called it model_stock_for_tensor.',
  },
  {
    name: 'geometric_median',
    aliases: [],
    family: FAMILY,
    models: [{ name: 'models', space: 's', variadic: { min: 1 } }],
    returns: 's',
    hypers: [EPS, MAXITER, FTOL],
    doc:
      'The geometric median of the inputs, each tensor one point: the point with the least total Euclidean ' +
      'distance to all of them, found by Weiszfeld iterations from the mean (weights w_i = 1 / max(|x_i - m|, eps), ' +
      'm = sum w_i x_i / sum w_i), for at most maxiter rounds or until the objective changes by no more than ftol ' +
      'of itself. Unlike the mean, one outlying model cannot pull it far.',
  },
  {
    name: 'breadcrumbs',
    aliases: [],
    family: FAMILY,
    models: [{ name: 'deltas', space: 'delta', variadic: { min: 1 } }],
    returns: 'delta',
    hypers: [
      {
        name: 'beta',
        type: 'number',
        default: 0.01,
        range: [0, 1],
        perKey: true,
        doc: 'fraction of largest-magnitude entries dropped as outliers',
      },
      {
        name: 'gamma',
        type: 'number',
        default: 0.9,
        range: [0, 1],
        perKey: true,
        doc: 'fraction of smallest-magnitude entries dropped as noise',
      },
      { name: 'lambda', type: 'number', default: 1.0, perKey: true, doc: 'scaling coefficient of the sum' },
    ],
    doc:
      'Model Breadcrumbs (Davari and Belilovsky, 2023): each delta of n entries is ranked by magnitude, its ' +
      'largest floor(beta n) entries are dropped as outliers and its smallest floor(gamma n) as noise (ties broken ' +
      'by position); the masked deltas are summed and scaled, lambda * sum, as in task_arithmetic. beta and gamma ' +
      "are the paper's names (mergekit's gamma is this beta). Add the result to the base with add_difference.",
  },
];
