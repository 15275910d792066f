import { alpha, TWO } from './common.js';
import type { MethodSignature } from './signature.js';

/** Linear and near-linear combinations: interpolations, sums and differences of whole tensors. */

const FAMILY = 'linear';


export const LINEAR_METHODS: readonly MethodSignature[] = [
  {
    name: 'weighted_sum',
    aliases: [],
    family: FAMILY,
    models: TWO,
    returns: 's',
    hypers: [alpha(0.5, 'share of b: 0 gives a, 1 gives b')],
    doc:
      'Linear interpolation of two models, element by element: (1 - alpha) * a + alpha * b. alpha = 0 returns a, ' +
      'alpha = 1 returns b, and values outside [0, 1] extrapolate past either end. Both inputs must be in the same ' +
      'space (two full models or two deltas), and so is the result.',
  },
  {
    name: 'n_average',
    aliases: [],
    family: FAMILY,
    models: [{ name: 'models', space: 's', variadic: { min: 1 } }],
    returns: 's',
    hypers: [],
    doc:
      'The plain mean of any number of models: (m1 + m2 + ... + mn) / n for every element. Every input must be in ' +
      'the same space; averaging deltas gives the mean change, averaging full models the mean model.',
  },
  {
    name: 'slerp',
    aliases: [],
    family: FAMILY,
    models: TWO,
    returns: 's',
    hypers: [alpha(0.5, 'fraction of the angle from a toward b')],
    doc:
      'Spherical interpolation. Each tensor is taken as one vector; with w the angle between them ' +
      '(w = arccos of the dot product of a/|a| and b/|b|), the result is ' +
      '(sin((1 - alpha) w) a/|a| + sin(alpha w) b/|b|) / sin(w), rescaled to the length (1 - alpha)|a| + alpha|b|. ' +
      'When the angle is undefined (parallel or zero tensors) it falls back to weighted_sum with the same alpha.',
  },
  {
    name: 'add_difference',
    aliases: [],
    family: FAMILY,
    models: [
      { name: 'a', space: 's' },
      { name: 'b', space: 'delta' },
    ],
    returns: 's',
    hypers: [alpha(1.0, 'how much of the delta to add')],
    doc:
      'Adds a scaled delta to a model: a + alpha * b, where b is a difference such as subtract(tuned, base). The ' +
      "result stays in a's space, so a full model in gives a full model out and a delta in gives a delta out.",
  },
  {
    name: 'subtract',
    aliases: [],
    family: FAMILY,
    models: [
      { name: 'a', space: 'weight' },
      { name: 'b', space: 'weight' },
    ],
    returns: 'delta',
    hypers: [],
    doc:
      'The difference of two full models, a - b, element by element: a delta (a "task vector") holding what ' +
      'training changed from b to a. add_difference and the delta methods (TIES, model stock, ...) take it as input.',
  },
  {
    name: 'scale',
    aliases: [],
    family: FAMILY,
    models: [{ name: 'a', space: 'delta' }],
    returns: 'delta',
    hypers: [alpha(1.0, 'factor')],
    doc: 'Multiplies a delta by a factor: alpha * a. alpha = 0 gives an all-zero delta, alpha = 1 leaves it as it is.',
  },
  {
    name: 'task_arithmetic',
    aliases: [],
    family: FAMILY,
    models: [{ name: 'deltas', space: 'delta', variadic: { min: 1 } }],
    returns: 'delta',
    hypers: [{ name: 'lambda', type: 'number', default: 1.0, perKey: true, doc: 'scaling coefficient of the sum' }],
    doc:
      'Task arithmetic (Ilharco et al., 2023): the sum of several task vectors, scaled by the paper\'s coefficient: ' +
      'lambda * (d1 + d2 + ... + dn). Adding the result to a base with add_difference applies every fine-tune at ' +
      'once; unlike n_average the changes add up rather than being divided by their count. To weigh the deltas ' +
      'one by one, scale each of them first.',
  },
  {
    name: 'perpendicular_component',
    aliases: [],
    family: FAMILY,
    models: TWO,
    returns: 's',
    hypers: [],
    doc:
      'The part of b orthogonal to a, each tensor taken as one vector: b - a * (a . b) / (a . a). Applied to two ' +
      "deltas from one base it keeps only what b changes beyond a's direction. When a is all zeros the projection " +
      'is undefined and the result is zeros.',
  },
  {
    name: 'geometric_sum',
    aliases: [],
    family: FAMILY,
    models: TWO,
    returns: 's',
    hypers: [alpha(0.5, 'weight of b in the geometric mean')],
    doc:
      'Elementwise weighted geometric mean: a^(1 - alpha) * b^alpha, computed with complex powers so negative ' +
      'entries are allowed, keeping the real part. alpha = 0 gives a and alpha = 1 gives b. sd-mecha 0.0.x typed ' +
      'it for deltas only; any matching pair of spaces is accepted here, as sd-mecha 1.x does.',
  },
  {
    name: 'multiply_quotient',
    aliases: [],
    family: FAMILY,
    models: [
      { name: 'a', space: 's' },
      { name: 'b', space: 's' },
      { name: 'c', space: 's' },
    ],
    returns: 's',
    hypers: [alpha(1.0, 'strength of the applied ratio')],
    doc:
      'Multiplies a by the ratio b / c raised to a per-element power: a * (b / c)^(alpha * m), real part kept, a ' +
      'where the result is not a number. With x = ln|a| - ln|c| and y = ln|b| - ln|c|, m = max(0, -x y / max(|x|, |y|)^2): ' +
      'the ratio applies only where a and b moved away from c in opposite directions of magnitude.',
  },
];
