import { TWO } from './common.js';
import type { MethodSignature } from './signature.js';

/** Methods that pick, for each element, values from one input or another, or bound them. */

const FAMILY = 'selection';

export const SELECTION_METHODS: readonly MethodSignature[] = [
  {
    name: 'tensor_sum',
    aliases: [],
    family: FAMILY,
    models: TWO,
    returns: 's',
    hypers: [
      { name: 'width', type: 'number', default: 0.5, perKey: true, doc: 'share of the first dimension taken from b' },
      { name: 'offset', type: 'number', default: 0.0, perKey: true, doc: 'where that share starts, as a fraction' },
    ],
    doc:
      'Copies a slice of b into a along the first dimension: of its n rows, those from round(offset n) to ' +
      'round((offset + width) n) come from b and the rest from a, the slice wrapping around past the end. A ' +
      'negative width extends the slice backwards from offset. Scalars come from b when width > 0.5.',
  },
  {
    name: 'top_k_tensor_sum',
    aliases: [],
    family: FAMILY,
    models: TWO,
    returns: 's',
    hypers: [
      {
        name: 'width',
        type: 'number',
        default: 1.0,
        legacyDefault: 0.5,
        perKey: true,
        doc: 'width of the magnitude band',
      },
      { name: 'offset', type: 'number', default: 0.0, perKey: true, doc: 'start of the magnitude band, as a fraction' },
    ],
    doc:
      "Rearranges a's values in b's order within a band of magnitudes: the entries of a whose magnitude rank " +
      'falls between offset and offset + width (as fractions of the entry count, wrapping around) are replaced ' +
      "by a's own sorted values placed where b's values have the same rank; other entries keep a's value.",
  },
  {
    name: 'clamp',
    aliases: [],
    family: FAMILY,
    models: [
      { name: 'a', space: 's' },
      { name: 'bounds', space: 's', variadic: { min: 1 } },
    ],
    returns: 's',
    hypers: [
      {
        name: 'stiffness',
        type: 'number',
        default: 0.0,
        range: [0, 1],
        perKey: true,
        doc: "how far the range narrows toward the bounds' mean",
      },
    ],
    doc:
      'Limits a, element by element, to the range the bound models span: min(max(a, lo), hi), lo and hi being ' +
      'the smallest and largest bound. With stiffness > 0 the range narrows: hi moves toward the smallest bound ' +
      "at or above the bounds' mean and lo toward the largest bound at or below it, by the fraction stiffness.",
  },
  {
    name: 'clip',
    aliases: [],
    family: FAMILY,
    models: [
      { name: 'a', space: 's' },
      { name: 'bounds', space: 's', variadic: { min: 1 } },
    ],
    returns: 's',
    hypers: [
      {
        name: 'stiffness',
        type: 'number',
        default: 0.0,
        range: [0, 1],
        perKey: true,
        doc: 'how far the range narrows toward the midpoint of the bounds',
      },
    ],
    doc:
      "clamp as sd-mecha 0.0.10 to 0.0.16 named and computed it, kept so that recipes of that time run as they did: " +
      'min(max(a, lo), hi) with lo and hi the smallest and largest bound, and with stiffness > 0 hi and lo move ' +
      'toward the bounds nearest the midpoint (lo + hi) / 2, where clamp uses the mean of the bounds. With one or ' +
      'two bounds the two agree.',
  },
];
