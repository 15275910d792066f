import { copyTensor, fromDoubles, weightedSum } from '../linalg/blend.js';
import { numberHyper } from './hypers.js';
import { irfft, rfft } from '../linalg/fftn.js';
import { torchArgsort } from '../linalg/torch-argsort.js';
import { createFilter } from './crossover.js';
import { type Kernel, elementCount } from './kernel.js';

/**
 * distribution_crossover(a, b, c; alpha, tilt): orders every element by c's value, crosses a and b over in the
 * frequency domain of that ordering (a 1-D real FFT with crossover's filter), and puts the values back in place.
 * The order among equal values of c follows torch's (unstable) argsort, which the result depends on.
 */
export const distributionCrossover: Kernel = (inputs, hypers, ctx) => {
  const [a, b, c] = inputs;
  if (!a || !b || !c) throw new RangeError('distribution_crossover takes three tensors');
  const alpha = numberHyper(hypers, 'alpha', Number.NaN);
  const tilt = numberHyper(hypers, 'tilt', Number.NaN);
  if (Number.isNaN(alpha) || Number.isNaN(tilt)) throw new RangeError('distribution_crossover needs alpha and tilt');
  if (alpha === 0) return copyTensor(a, ctx);
  if (alpha === 1) return copyTensor(b, ctx);
  if (tilt === 1 || a.shape.length === 0) return weightedSum(a, b, alpha, ctx);

  const n = elementCount(a.shape);
  const order = torchArgsort(c.data);
  const ad = new Float64Array(n);
  const bd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ad[i] = a.data[order[i]!]!;
    bd[i] = b.data[order[i]!]!;
  }
  const sa = rfft(ad);
  const sb = rfft(bd);
  const filter = createFilter(sa.shape, alpha, tilt);
  for (let k = 0; k < sa.re.length; k++) {
    const w = filter[k]!;
    sa.re[k] = (1 - w) * sa.re[k]! + w * sb.re[k]!;
    sa.im[k] = (1 - w) * sa.im[k]! + w * sb.im[k]!;
  }
  const xd = irfft(sa, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[order[i]!] = xd[i]!;
  return fromDoubles(a.shape, out, ctx);
};
