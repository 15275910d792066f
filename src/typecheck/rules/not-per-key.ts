import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { leavesOf, mapsOf } from '../hyper-values.js';

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
      const perKey =
        leavesOf(context.graph, bound.value).some((leaf) => leaf.inMap || isTensor(leaf.value)) ||
        mapsOf(bound.value).some((part) => part.kind === 'map');
      if (!perKey) continue;
      context.report(CHECK.NotPerKey, bound.value.span, { method: call.signature.name, name }, {
        help: `give one value, as ${name}=${bound.param.default ?? '...'}`,
      });
    }
    function isTensor(value: { kind: string; node?: number }): boolean {
      if (value.kind !== 'node' || value.node === undefined) return false;
      const node = context.graph.nodes[value.node];
      return node?.kind !== 'hyper' && context.typeOf(value.node).space === 'param';
    }
  },
});
