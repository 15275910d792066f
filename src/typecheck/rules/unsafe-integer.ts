import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { isScalar, leavesOf } from '../hyper-values.js';

/**
 * An integer hyperparameter (`seed`) beyond 2^53 - 1 in size, such as `seed=18446744073709551616` or `seed=1e300`:
 * a double cannot hold it exactly, so the run refuses it. Fractions are the wrong-value-type rule's, numbers that
 * overflow to infinity the number-overflow rule's, values outside the signature's range the value-out-of-range rule's.
 */
export const unsafeIntegerRule: Rule = (context) => ({
  merge(_node, facts) {
    const call = facts.call;
    if (!call) return;
    for (const [name, bound] of call.hypers) {
      if (bound.param.type !== 'int') continue;
      const leaves = isScalar(bound.value) ? [bound.value] : leavesOf(context.graph, bound.value).map((leaf) => leaf.value);
      for (const value of leaves) {
        if (value.kind !== 'number' || !Number.isInteger(value.value) || Number.isSafeInteger(value.value)) continue;
        // Beyond the signature's range (`seed=-1e300`) is the value-out-of-range rule's.
        const [lo, hi] = bound.param.range ?? [null, null];
        if ((lo !== null && value.value < lo) || (hi !== null && value.value > hi)) continue;
        context.report(CHECK.UnsafeInteger, value.span, { method: call.signature.name, name, value: value.raw });
      }
    }
  },
});
