import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { describeRange } from '../describe.js';
import { replaceFix } from '../fixes.js';
import { leavesOf } from '../hyper-values.js';

/**
 * A number outside the range the signature gives (`ties_sum(..., k=2)`: k is a fraction in [0, 1]), per-block
 * entries included. The fix moves it to the nearest bound.
 */
export const valueOutOfRangeRule: Rule = (context) => ({
  merge(_node, facts) {
    const call = facts.call;
    if (!call) return;
    for (const [name, bound] of call.hypers) {
      const range = bound.param.range;
      if (!range || (bound.param.type !== 'number' && bound.param.type !== 'int')) continue;
      const [lo, hi] = range;
      for (const { value } of leavesOf(context.graph, bound.value)) {
        if (value.kind !== 'number') continue;
        const nearest = lo !== null && value.value < lo ? lo : hi !== null && value.value > hi ? hi : undefined;
        if (nearest === undefined) continue;
        context.report(
          CHECK.ValueOutOfRange,
          value.span,
          { method: call.signature.name, name, range: describeRange(range), value: value.raw },
          { fixes: [replaceFix(`Change to ${nearest}`, value.span, String(nearest))] },
        );
      }
    }
  },
});
