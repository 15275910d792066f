/**
 * multiply_quotient(a, b, c, alpha=1.0) = a * (b / c)^e, the geometric counterpart of add_difference: where |c|
 * lies strictly between |a| and |b| (their log-ratios to c have opposite signs), e = alpha * -log(a/c)log(b/c) /
 * max(|log(a/c)|, |log(b/c)|)^2, a value in (0, alpha]; everywhere else e = 0 and the result is a.
 *
 * The reference works in complex numbers, so a negative quotient q gives |q|^e * cos(pi * e) rather than NaN; a NaN
 * result falls back to a. With e > 0 all three inputs are finite and nonzero, so q is too.
 */

import type { Kernel } from './kernel.js';
import { numberHyper } from './hypers.js';
import { nanToNum } from './reduce.js';
import { requireInputs, requireSameShape } from './tensors.js';

export const multiplyQuotient: Kernel = (inputs, hypers, ctx) => {
  requireInputs('multiply_quotient', inputs, 3);
  requireSameShape('multiply_quotient', inputs, ctx);
  const round = ctx.round;
  const a = inputs[0].data;
  const b = inputs[1].data;
  const c = inputs[2].data;
  const alpha = round(numberHyper(hypers, 'alpha', 1.0));
  // The angle of a negative number in the complex log is pi in the work dtype.
  const pi = round(Math.PI);
  const out = ctx.alloc(a.length);
  for (let i = 0; i < out.length; i++) {
    const x = a[i];
    const logC = round(Math.log(Math.abs(c[i])));
    const acLog = round(round(Math.log(Math.abs(x))) - logC);
    const bcLog = round(round(Math.log(Math.abs(b[i]))) - logC);
    const threshold = Math.max(Math.abs(acLog), Math.abs(bcLog));
    const ratio = nanToNum(round(round(acLog * bcLog) / round(threshold * threshold)), ctx);
    const exponent = round(alpha * (-ratio > 0 ? -ratio : 0));
    if (exponent === 0) {
      // x^0 is 1 for a finite nonzero quotient, and NaN otherwise, which falls back to a: a either way.
      out[i] = x;
      continue;
    }
    const q = round(b[i] / c[i]);
    let power: number;
    if (q > 0) power = round(Math.pow(q, exponent));
    else if (q < 0) power = round(round(Math.pow(-q, exponent)) * round(Math.cos(round(exponent * pi))));
    else power = q === 0 ? (exponent > 0 ? 0 : NaN) : NaN;
    const v = round(x * power);
    out[i] = v !== v ? x : v;
  }
  return { shape: inputs[0].shape, data: out };
};
