import { TWO } from './common.js';
import type { MethodSignature } from './signature.js';

/** Methods that work in a transformed basis: Fourier spectra, orthogonal alignments, singular values. */

const FAMILY = 'spectral';

export const SPECTRAL_METHODS: readonly MethodSignature[] = [
  {
    name: 'crossover',
    aliases: [],
    family: FAMILY,
    models: TWO,
    returns: 's',
    hypers: [
      {
        name: 'alpha',
        type: 'number',
        default: 0.5,
        range: [0, 1],
        perKey: true,
        doc: 'share of the spectrum taken from b',
      },
      {
        name: 'tilt',
        type: 'number',
        default: 0.0,
        perKey: true,
        doc: '0: sharp frequency cut; 1: plain weighted sum',
      },
    ],
    doc:
      'Mixes a and b by frequency. Both tensors go through an n-dimensional real FFT; a filter F in [0, 1] over ' +
      'the frequencies, low values at low frequencies, takes (1 - F) of a and F of b, and the inverse FFT gives the ' +
      'result. alpha sets where the cut lies (the share of the spectrum that comes from b); tilt turns the cut ' +
      'from a hard threshold (0) into a ramp, reaching weighted_sum at 1. alpha = 0 returns a, alpha = 1 returns b.',
  },
  {
    name: 'distribution_crossover',
    aliases: [],
    family: FAMILY,
    models: [...TWO, { name: 'c', space: 's' }],
    returns: 's',
    hypers: [
      {
        name: 'alpha',
        type: 'number',
        default: 0.5,
        legacyRequired: true,
        range: [0, 1],
        perKey: true,
        doc: 'share of the spectrum taken from b',
      },
      { name: 'tilt', type: 'number', default: 0.0, legacyRequired: true, perKey: true, doc: 'as in crossover' },
    ],
    doc:
      "crossover applied to value distributions: the entries of a and b are put in the order of c's values, the " +
      '1-D spectra of the two sequences are mixed with the crossover filter (alpha, tilt), and the mixed sequence ' +
      'is put back in the original positions. Scalars and tilt = 1 fall back to weighted_sum; alpha = 0 returns a, ' +
      'alpha = 1 returns b.',
  },
  {
    name: 'rotate',
    aliases: [],
    family: FAMILY,
    models: TWO,
    returns: 's',
    hypers: [
      {
        name: 'alignment',
        type: 'number',
        default: 1.0,
        perKey: true,
        doc: 'fraction (or integer power) of the rotation applied to a',
      },
      {
        name: 'alpha',
        type: 'number',
        default: 0.0,
        perKey: true,
        doc: 'interpolation of the neurons of a toward b rotated back',
      },
    ],
    legacyRenames: { marker: 'beta', renames: { alpha: 'alignment', beta: 'alpha' } },
    doc:
      'Aligns a with b by an orthogonal transform. Each tensor is reshaped to 2-D neurons (rows) and centred; the ' +
      'orthogonal Procrustes solution R (the rotation that best maps the neurons of a onto those of b) is applied ' +
      'to the power alignment (fractional values rotate part of the way), alpha first interpolates the neurons ' +
      "of a toward b R^T, and the centroid moves from a's toward b's by alignment. alignment = alpha = 0 returns a; " +
      '1-D tensors and identical inputs fall back to weighted_sum with alpha. Early-2024 recipes spelled ' +
      "alignment and alpha as alpha and beta. sd-mecha 1.1's centralization, stiefel_eps and stiefel_max_iters " +
      '(partial centring, and an iterative rotation of wide matrices) are not implemented: the centring is full.',
  },
  {
    name: 'truncate_rank',
    aliases: [],
    family: FAMILY,
    models: [{ name: 'a', space: 'delta' }],
    returns: 'delta',
    hypers: [
      {
        name: 'rank_ratio',
        type: 'number',
        default: 0.5,
        range: [0, 1],
        doc: 'kept share of the largest possible rank',
      },
      {
        name: 'rank',
        type: 'int',
        default: null,
        range: [1, null],
        doc: 'kept rank, overriding rank_ratio when set (sd-mecha 1.x)',
      },
    ],
    doc:
      'Low-rank approximation of a delta: the tensor, flattened to 2-D (first dimension by the rest), is replaced ' +
      'by its truncated singular value decomposition U S V^T keeping the r largest singular values, ' +
      'r = round(rank_ratio * min(rows, columns)) (halves to even), or rank when given, at most min(rows, columns); ' +
      'r = 0 gives an all-zero delta, where sd-mecha 1.0 kept at least rank 1. The decomposition is exact, not ' +
      "sd-mecha's randomized approximation. 1-D tensors pass through unchanged.",
  },
];
