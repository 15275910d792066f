import { CHECK } from '../../diagnostics/codes/check.js';
import type { HyperValue } from '../../graph/types.js';
import type { CheckContext, Rule } from '../context.js';
import { hasMap, isScalar, leavesOf } from '../hyper-values.js';

/**
 * Per-block values (`blocks(...)`, a `dict`, a parameter tensor) for a hyperparameter that takes one number, such
 * as `seed` or `maxiter`.
 */
export const notPerKeyRule: Rule = (context) => ({
  merge(_node, facts) {
    const call = facts.call;
    if (!call) return;
    for (const [name, bound] of call.hypers) {
      if (bound.param.perKey) continue;
      if (!isPerKey(context, bound.value)) continue;
      context.report(CHECK.NotPerKey, bound.value.span, { method: call.signature.name, name }, {
        help: `give one value, as ${name}=${bound.param.default ?? '...'}`,
      });
    }
  },
});

function isPerKey(context: CheckContext, value: HyperValue): boolean {
  // A plain value is its one leaf, neither in a map nor a node.
  if (isScalar(value)) return false;
  for (const leaf of leavesOf(context.graph, value)) if (leaf.inMap || isTensor(context, leaf.value)) return true;
  return hasMap(value);
}

function isTensor(context: CheckContext, value: HyperValue): boolean {
  if (value.kind !== 'node') return false;
  const node = context.graph.nodes[value.node];
  return node?.kind !== 'hyper' && context.typeOf(value.node).space === 'param';
}
