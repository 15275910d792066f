import { alpha, THREE } from './common.js';
import type { MethodSignature } from './signature.js';

/** Methods that weigh a difference element by element, from how the inputs relate to each other. */

const FAMILY = 'difference';

export const DIFFERENCE_METHODS: readonly MethodSignature[] = [
  {
    name: 'train_difference',
    aliases: [],
    family: FAMILY,
    models: THREE,
    returns: 's',
    hypers: [alpha(1.0, 'strength of the added difference')],
    doc:
      'Adds b - c to a, weighted per element by how far b moved from a compared with how far it moved from c: ' +
      'a + alpha * m * (b - c), with m = 1.8 * |b - a| / (|b - a| + |b - c|) and m = 0 where both distances are 0. ' +
      'The usual use: a a model, b a fine-tune and c its base, to transfer the training.',
  },
  {
    name: 'add_opposite',
    aliases: [],
    family: FAMILY,
    models: THREE,
    returns: 's',
    hypers: [alpha(1.0, 'strength of the added difference')],
    doc:
      'Adds b - c to a where a and b disagree most relative to c: a + alpha * m * (b - c), with ' +
      'm = 2 * |a - b| / (|a - b| + |a + b - 2c|) (0 where both terms are 0).',
  },
  {
    name: 'clamped_add_opposite',
    aliases: [],
    family: FAMILY,
    models: THREE,
    returns: 's',
    hypers: [alpha(1.0, 'strength of the added difference')],
    doc:
      'Adds b - c to a only where a and b lie on opposite sides of c: a + alpha * m * (b - c), with ' +
      'm = 2 * max(0, (c - a)(b - c) / t^2) and t = max(|a - c|, |b - c|) (m = 0 where t is 0).',
  },
  {
    name: 'select_max_delta',
    aliases: [],
    family: FAMILY,
    models: [
      { name: 'a', space: 'delta' },
      { name: 'b', space: 'delta' },
    ],
    returns: 'delta',
    hypers: [alpha(0.5, 'bias toward b: 0 always keeps a, 1 always keeps b')],
    doc:
      'Per element, keeps the larger of two deltas relative to its own spread: with s_a and s_b the standard ' +
      'deviations of the whole tensors, takes a where (1 - alpha) * |a / s_a| >= alpha * |b / s_b|, b elsewhere. ' +
      "(sd-mecha 1.x also subtracts each tensor's mean before comparing.)",
  },
  {
    name: 'add_cosine_a',
    aliases: [],
    family: FAMILY,
    models: [
      { name: 'a', space: 'weight' },
      { name: 'b', space: 'weight' },
    ],
    returns: 'weight',
    hypers: [alpha(1.0, 'similarity threshold', { legacyRequired: true })],
    doc:
      'Interpolates toward b where a and b are dissimilar. Both tensors are normalized along their first ' +
      'dimension, s is the cosine similarity of the two along that dimension (one value per column), and the ' +
      'result is (1 - k) * a + k * b with k = 1 - clamp(s - alpha, 0, 1): columns with similarity at most alpha ' +
      'come from b, more similar ones keep more of a.',
  },
  {
    name: 'add_cosine_b',
    aliases: [],
    family: FAMILY,
    models: [
      { name: 'a', space: 'weight' },
      { name: 'b', space: 'weight' },
    ],
    returns: 'weight',
    hypers: [alpha(1.0, 'similarity threshold', { legacyRequired: true })],
    doc:
      'Like add_cosine_a with a different similarity: s is the mean of the cosine similarity along the first ' +
      'dimension (per column) and of the whole tensors (a . b / (|a| |b|)); the result is (1 - k) * a + k * b ' +
      'with k = 1 - clamp(s - alpha, 0, 1).',
  },
];
