import { CHECK } from '../../diagnostics/codes/check.js';
import { suggest } from '../../text/suggest.js';
import type { Rule } from '../context.js';
import { listWords } from '../describe.js';
import { didYouMean } from '../fixes.js';

/** A keyword the method does not take: `weighted_sum(a, b, alpah=0.5)`, did you mean `alpha`? */
export const unknownHyperparameterRule: Rule = (context) => ({
  merge(_node, facts) {
    const call = facts.call;
    if (!call || call.unknown.length === 0) return;
    const names = call.signature.hypers.map((h) => h.name);
    const known = names.length === 0 ? 'it takes none' : `its hyperparameters are ${listWords(names)}`;
    for (const arg of call.unknown) {
      const suggestion = suggest(arg.name, names);
      context.report(
        CHECK.UnknownHyperparameter,
        arg.nameSpan,
        { method: call.signature.name, name: arg.name },
        didYouMean(suggestion, arg.nameSpan, false, suggestion ? undefined : known),
      );
    }
  },
});
