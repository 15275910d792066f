import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { describeNode } from '../found.js';

/** Models of two architectures in one call: `weighted_sum(a, b)` with `a: sd1` and `b: sdxl`. */
export const mixedArchitecturesRule: Rule = (context) => ({
  merge(node, facts) {
    const conflict = facts.archConflict;
    if (!conflict) return;
    const first = node.inputs.findIndex((input) => context.archIsKnown(input) && context.typeOf(input).arch === conflict.expected);
    const firstName = first >= 0 ? context.nameOf(node.inputs[first]!) : undefined;
    context.report(
      CHECK.MixedArchitectures,
      node.inputSpans[conflict.index]!,
      {
        method: facts.signature?.name ?? node.method,
        param: paramLabel(facts.call?.models.find((m) => m.index === conflict.index)?.param.name, conflict.index),
        found: describeNode(context, node.inputs[conflict.index]!),
        expected: conflict.expected,
      },
      {
        help: `${firstName ?? 'the first model'} is ${conflict.expected}; a merge combines models of one architecture`,
      },
    );
  },
});

/** `'b'` when the signature names the parameter; `argument 2` for a call of an unknown method. */
function paramLabel(name: string | undefined, index: number): string {
  return name === undefined ? `argument ${index + 1}` : `'${name}'`;
}
