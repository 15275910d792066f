import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { didYouMean } from '../fixes.js';

/** A call of a method the registry does not know: `weigted_sum(...)`, did you mean `weighted_sum`? */
export const unknownMethodRule: Rule = (context) => ({
  merge(node, facts) {
    if (facts.signature || node.method === '') return;
    const suggestion = context.registry.suggestMethod(node.method);
    context.report(
      CHECK.UnknownMethod,
      node.methodSpan,
      { name: node.method },
      didYouMean(suggestion, node.methodSpan, context.dialect !== 'v1', suggestion ? undefined : '`mechac info --methods` lists the methods'),
    );
  },
});
