import { CHECK } from '../../diagnostics/codes/check.js';
import { describeArity, removalSpan } from '../call-text.js';
import type { Rule } from '../context.js';

/** Too few models for a method, or arguments left over once every model and hyperparameter has one. */
export const arityRule: Rule = (context) => ({
  merge(node, facts) {
    const call = facts.call;
    if (!call) return;
    const method = call.signature.name;
    const given = call.models.length;
    if (call.missingModels.length > 0) {
      const missing = call.missingModels.map((m) => `'${m.name}'`);
      context.report(
        CHECK.TooFewModels,
        node.methodSpan,
        { method, expected: describeArity(call.signature), found: String(given) },
        { help: `missing: ${[...new Set(missing)].join(', ')}` },
      );
    }
    for (const index of call.extra) {
      const span = node.inputSpans[index]!;
      const hypers = call.signature.hypers.length;
      const input = context.graph.nodes[node.inputs[index]!];
      const isValue = input?.kind === 'hyper' || input?.kind === 'literal';
      const expected = isValue
        ? `${describeArity(call.signature)} and ${hypers} ${hypers === 1 ? 'hyperparameter' : 'hyperparameters'}`
        : describeArity(call.signature);
      const found = isValue ? `${node.inputs.length} arguments` : String(node.inputs.length);
      context.report(CHECK.TooManyArguments, span, { method, expected, found }, {
        fixes: [{ title: 'Remove this argument', edits: [{ span: removalSpan(node, span), newText: '' }] }],
      });
    }
  },
});
