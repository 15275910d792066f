import { CHECK } from '../../diagnostics/codes/check.js';
import type { MergeNode } from '../../graph/types.js';
import type { CheckContext, Rule } from '../context.js';
import { describeSpaces } from '../describe.js';
import { describeNode } from '../found.js';
import type { SpaceProblem } from '../infer.js';

/**
 * A model in a space its parameter does not take: `add_difference(a, b)` with `b` a full model (a delta is
 * expected: did you mean `subtract(b, base)`?), `subtract` of a delta, models of one call in different spaces.
 */
export const mergeSpaceRule: Rule = (context) => ({
  merge(node, facts) {
    const call = facts.call;
    if (!call) return;
    for (const problem of facts.spaceProblems) {
      const span = node.inputSpans[problem.index]!;
      const input = node.inputs[problem.index]!;
      const found = describeNode(context, input);
      if (problem.shared) {
        context.report(CHECK.MixedMergeSpaces, span, {
          method: call.signature.name,
          param: problem.param,
          found,
          expected: describeSpaces(problem.expected),
        });
        continue;
      }
      const help = hint(context, node, problem);
      context.report(
        CHECK.WrongMergeSpace,
        span,
        { method: call.signature.name, param: problem.param, expected: describeSpaces(problem.expected), found },
        help ? { help } : {},
      );
    }
  },
});

/** The usual way from what was given to what is expected. */
function hint(context: CheckContext, node: MergeNode, problem: SpaceProblem): string | undefined {
  const wantsDelta = problem.expected.length === 1 && problem.expected[0] === 'delta';
  const wantsWeight = problem.expected.length === 1 && problem.expected[0] === 'weight';
  const input = node.inputs[problem.index]!;
  const name = context.nameOf(input)?.replace(/^'(.*)'$/, '$1') ?? 'model';
  const v1 = context.dialect === 'v1';
  if (wantsDelta && problem.found === 'weight') {
    return v1
      ? `a delta is a difference of two models: did you mean subtract(${name}, base), with base the model ${name} was trained from?`
      : `a delta is a difference of two models: did you mean to subtract a base first, as in merge "subtract" ${name} &base?`;
  }
  if (wantsWeight && (problem.found === 'delta' || problem.found === 'lora')) {
    return v1
      ? `add it to a full model first: add_difference(base, ${name})`
      : `add it to a full model first, as in merge "add_difference" &base ${name}`;
  }
  return undefined;
}
