import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { describeNode } from '../found.js';

/**
 * An input that must be in a given sd-mecha 1.x config and is not: `convert_singleton` spreads a `singleton-mecha`
 * literal over a model's keys, so a model or another literal cannot take its place.
 */
export const wrongModelConfigRule: Rule = (context) => ({
  merge(node, facts) {
    const call = facts.call;
    if (!call) return;
    for (const { index, param } of call.models) {
      if (param.config === undefined) continue;
      const input = node.inputs[index]!;
      if (context.graph.nodes[input]?.kind === 'error') continue;
      const type = context.typeOf(input);
      if (type.config === param.config) continue;
      if (type.config === undefined && type.space === undefined) continue;
      // A config the registry does not know is reported where it is written.
      if (type.config !== undefined && !context.registry.config(type.config)) continue;
      context.report(CHECK.WrongModelConfig, node.inputSpans[index]!, {
        method: call.signature.name,
        param: param.name,
        config: param.config,
        found: type.config === undefined ? describeNode(context, input) : `a ${type.config} value`,
      });
    }
  },
});
