import { CHECK } from '../../diagnostics/codes/check.js';
import type { HyperValue } from '../../graph/types.js';
import type { CheckContext, Rule } from '../context.js';
import { describeRange } from '../describe.js';
import { replaceFix } from '../fixes.js';
import { isScalar, leavesOf } from '../hyper-values.js';

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
      const method = call.signature.name;
      // A plain value is its own one leaf: no list to make for it.
      if (isScalar(bound.value)) checkLeaf(context, method, name, range, bound.value);
      else for (const { value } of leavesOf(context.graph, bound.value)) checkLeaf(context, method, name, range, value);
    }
  },
});

function checkLeaf(
  context: CheckContext,
  method: string,
  name: string,
  range: readonly [number | null, number | null],
  value: HyperValue,
): void {
  // Infinity (a numeral too large) is the number-overflow rule's.
  if (value.kind !== 'number' || !Number.isFinite(value.value)) return;
  const [lo, hi] = range;
  const nearest = lo !== null && value.value < lo ? lo : hi !== null && value.value > hi ? hi : undefined;
  if (nearest === undefined) return;
  context.report(
    CHECK.ValueOutOfRange,
    value.span,
    { method, name, range: describeRange(range), value: value.raw },
    { fixes: [replaceFix(`Change to ${nearest}`, value.span, String(nearest))] },
  );
}
