import { copyTensor, weightedSum } from '../linalg/blend.js';
import { numberHyper } from './hypers.js';
import { irfftn, rfftn } from '../linalg/fftn.js';
import { closeAsHalf } from '../linalg/half-close.js';
import { type Kernel, elementCount } from './kernel.js';

const f = Math.fround;
const EPSILON = 1e-10;

/**
 * crossover(a, b; alpha = 0.5, tilt = 0): takes low frequencies from a and high ones from b. Both are transformed
 * with an N-dimensional real FFT over all their axes, blended per frequency by `createFilter`, and transformed back.
 * The reference's quirks are kept: a scalar, or a and b equal at fp16 precision, give a weighted sum with *tilt* as
 * the weight.
 */
export const crossover: Kernel = (inputs, hypers, ctx) => {
  const [a, b] = inputs;
  if (!a || !b) throw new RangeError('crossover takes two tensors');
  const alpha = numberHyper(hypers, 'alpha', 0.5);
  const tilt = numberHyper(hypers, 'tilt', 0);
  if (alpha === 0) return copyTensor(a, ctx);
  if (alpha === 1) return copyTensor(b, ctx);
  if (tilt === 1) return weightedSum(a, b, alpha, ctx);
  if (a.shape.length === 0 || closeAsHalf(a.data, b.data)) return weightedSum(a, b, tilt, ctx);

  // float32 spectra in fp32 work (as torch's complex64): a 49408 x 768 embedding's two spectra then take 300 MB.
  const storage = ctx.workDtype === 'fp32' ? 'float32' : 'float64';
  const sa = rfftn(a.data, a.shape, storage);
  const sb = rfftn(b.data, b.shape, storage);
  const filter = createFilter(sa.shape, alpha, tilt);
  const re = sa.re;
  const im = sa.im;
  for (let i = 0; i < re.length; i++) {
    const w = filter[i]!;
    const v = 1 - w;
    re[i] = v * re[i]! + w * sb.re[i]!;
    im[i] = v * im[i]! + w * sb.im[i]!;
  }
  const out = ctx.alloc(elementCount(a.shape));
  irfftn(sa, a.shape, true, out);
  return { shape: [...a.shape], data: out };
};

/** torch.linspace(start, end, steps) in fp32: the step is an fp32 quotient and the second half counts back from end. */
export function linspace32(start: number, end: number, steps: number): Float32Array {
  const out = new Float32Array(steps);
  if (steps === 1) out[0] = start;
  if (steps <= 1) return out;
  const s0 = f(start);
  const s1 = f(end);
  const step = f(f(s1 - s0) / (steps - 1));
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) out[i] = i < half ? f(s0 + f(step * i)) : f(s1 - f(step * (steps - i - 1)));
  return out;
}

/**
 * sd-mecha's create_filter, in fp32 as torch evaluates it: weights in [0, 1] for each frequency of a spectrum of
 * this shape (0 keeps a, 1 takes b). Each axis gets a |frequency| ramp from 0 to 1 (the last, halved axis plain,
 * the others with negative frequencies in their second half); their root mean square is the distance from the
 * origin. The cut sits at 1 - alpha, vertical for tilt 0 and slanted into a linear ramp as tilt grows; tilt is
 * periodic with period 4 and tilts past 2 swap the roles of a and b.
 */
export function createFilter(shape: readonly number[], alpha: number, tilt: number): Float32Array {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError('alpha must be between 0 and 1');
  tilt -= Math.floor(Math.floor(tilt / 4) * 4);
  let inverted = false;
  if (tilt > 2) {
    alpha = 1 - alpha;
    inverted = true;
  }

  const nd = shape.length;
  const gradients = shape.map((s, axis) => {
    if (axis === nd - 1 || s === 1) return linspace32(0, 1, s);
    const half = Math.floor(s / 2);
    const g = new Float32Array(s);
    g.set(linspace32(0, Math.floor((s - 1) / 2), s - half));
    g.set(linspace32(half, 1, half), s - half);
    for (let i = 0; i < s; i++) g[i] = f(g[i]! / half);
    return g;
  });

  let total = 1;
  for (const s of shape) total *= s;
  const mesh = new Float32Array(total);
  if (nd === 1) {
    mesh.set(gradients[0]!);
  } else {
    const index = new Array<number>(nd).fill(0);
    for (let i = 0; i < total; i++) {
      let sum = 0;
      for (let d = 0; d < nd; d++) {
        const g = gradients[d]![index[d]!]!;
        sum = f(sum + f(g * g));
      }
      mesh[i] = f(Math.sqrt(f(sum / nd)));
      for (let d = nd - 1; d >= 0; d--) {
        if (++index[d]! < shape[d]!) break;
        index[d] = 0;
      }
    }
  }

  const out = new Float32Array(total);
  const cut = f(1 - alpha);
  if (tilt < EPSILON || Math.abs(tilt - 4) < EPSILON) {
    for (let i = 0; i < total; i++) out[i] = mesh[i]! > cut ? 1 : 0;
  } else if (Math.abs(tilt - 2) < EPSILON) {
    for (let i = 0; i < total; i++) out[i] = mesh[i]! < cut ? 1 : 0;
  } else {
    const cot = 1 / Math.tan((Math.PI * tilt) / 2);
    const cot32 = f(cot);
    const alpha32 = f(alpha);
    const alphaCot32 = f(alpha * cot);
    const rising = tilt <= 1 || (tilt > 2 && tilt <= 3);
    for (let i = 0; i < total; i++) {
      const m = f(mesh[i]! * cot32);
      const v = rising ? f(f(f(m + alphaCot32) + alpha32) - cot32) : f(f(m - alphaCot32) + alpha32);
      out[i] = Math.min(1, Math.max(0, v));
    }
  }
  if (inverted) for (let i = 0; i < total; i++) out[i] = f(1 - out[i]!);
  return out;
}
