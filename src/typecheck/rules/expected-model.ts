import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { describeFound } from '../found.js';

/** A plain value where the method takes a model: `weighted_sum(0.5, b)`, `n_average(a, b, 0.5)`. */
export const expectedModelRule: Rule = (context) => ({
  merge(node, facts) {
    const call = facts.call;
    if (!call) return;
    for (const { index, param } of call.models) {
      if (param.space === 'param' || param.config !== undefined) continue;
      const input = context.graph.nodes[node.inputs[index]!];
      if (input?.kind !== 'hyper') continue;
      const span = node.inputSpans[index]!;
      const found = describeFound(context, input.value);
      const names = call.signature.hypers.map((h) => h.name);
      const help =
        input.value.kind === 'number' && names.length > 0
          ? `hyperparameters are given by name after the models, as ${names[0]}=${input.value.raw}`
          : undefined;
      context.report(CHECK.ExpectedModel, span, { method: call.signature.name, param: param.name, found }, help ? { help } : {});
    }
  },
});
