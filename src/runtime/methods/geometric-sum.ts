/**
 * geometric_sum(a, b, alpha=0.5) = real(a^(1 - alpha) * b^alpha), with a and b taken as complex numbers so that a
 * negative base gives a rotated result instead of NaN (sd-mecha 0.0.x casts both to complex tensors).
 *
 * torch's complex pow has fast paths that change the rounding: exponents 0 and 1 are exact, 0.5 is a complex square
 * root (so a negative base gives exactly 0 + i*sqrt|x|), 2 is x*x. Other exponents go through exp(p * log x), where
 * the angle of a negative base is pi rounded to the work dtype.
 */

import type { Kernel, KernelContext } from './kernel.js';
import { numberHyper } from './hypers.js';
import { requireInputs, requireSameShape } from './tensors.js';

// Which of torch's pow code paths an exponent takes.
const ONE = 0;
const IDENTITY = 1;
const SQRT = 2;
const SQUARE = 3;
const GENERAL = 4;

function powPath(exponent: number): number {
  if (exponent === 0) return ONE;
  if (exponent === 1) return IDENTITY;
  if (exponent === 0.5) return SQRT;
  if (exponent === 2) return SQUARE;
  return GENERAL;
}

/** Writes the real and imaginary parts of (x + 0i)^p into parts[offset], parts[offset + 1]. */
function complexPow(x: number, p: number, path: number, pi: number, ctx: KernelContext, parts: Float64Array, offset: number): void {
  const round = ctx.round;
  let re: number;
  let im = 0;
  switch (path) {
    case ONE:
      re = 1;
      break;
    case IDENTITY:
      re = x;
      break;
    case SQUARE:
      re = round(x * x);
      break;
    case SQRT:
      if (x < 0) {
        re = 0;
        im = round(Math.sqrt(-x));
      } else {
        re = round(Math.sqrt(x));
      }
      break;
    default:
      if (x === 0) {
        re = p > 0 ? 0 : NaN;
        im = p > 0 ? 0 : NaN;
      } else if (x > 0) {
        re = round(Math.pow(x, p));
      } else {
        const magnitude = round(Math.pow(-x, p));
        const angle = round(p * pi);
        re = round(magnitude * round(Math.cos(angle)));
        im = round(magnitude * round(Math.sin(angle)));
      }
  }
  parts[offset] = re;
  parts[offset + 1] = im;
}

export const geometricSum: Kernel = (inputs, hypers, ctx) => {
  requireInputs('geometric_sum', inputs, 2);
  requireSameShape('geometric_sum', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const alpha = numberHyper(hypers, 'alpha', 0.5);
  // The fast path is chosen on the exact Python value, the general pow uses it cast to the work dtype.
  const pathA = powPath(1 - alpha);
  const pathB = powPath(alpha);
  const pa = round(1 - alpha);
  const pb = round(alpha);
  const pi = round(Math.PI);
  const parts = new Float64Array(4);
  const out = ctx.alloc(a.length);
  for (let i = 0; i < out.length; i++) {
    complexPow(a[i], pa, pathA, pi, ctx, parts, 0);
    complexPow(b[i], pb, pathB, pi, ctx, parts, 2);
    out[i] = round(round(parts[0] * parts[2]) - round(parts[1] * parts[3]));
  }
  return { shape: inputs[0].shape, data: out };
};
