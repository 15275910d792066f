import { CHECK } from '../../diagnostics/codes/check.js';
import type { MergeNode } from '../../graph/types.js';
import type { CheckContext, Rule } from '../context.js';
import { didYouMean, replaceFix } from '../fixes.js';
import { sdMechaHelper } from '../sd-mecha-helpers.js';

/**
 * A call of a method the registry does not know: `weigted_sum(...)`, did you mean `weighted_sum`? sd-mecha's API
 * helpers (`add_difference_ties`, `add_perpendicular`, ...) are answered with the composition they stand for.
 */
export const unknownMethodRule: Rule = (context) => ({
  merge(node, facts) {
    if (facts.signature || node.method === '') return;
    const helper = context.dialect === 'v1' ? sdMechaHelper(node.method) : undefined;
    if (helper) {
      const written = compositionOf(context, node, helper.write.bind(helper));
      context.report(CHECK.UnknownMethod, node.methodSpan, { name: node.method }, {
        help: `${node.method} is a helper of sd-mecha's Python API, not a merge method; in a recipe it is ${helper.form}`,
        ...(written ? { fixes: [replaceFix('Write the composition it stands for', node.span, written)] } : {}),
      });
      return;
    }
    const suggestion = context.registry.suggestMethod(node.method);
    context.report(
      CHECK.UnknownMethod,
      node.methodSpan,
      { name: node.method },
      didYouMean(suggestion, node.methodSpan, context.dialect !== 'v1', suggestion ? undefined : '`mechac info --methods` lists the methods'),
    );
  },
});

/** The helper's composition for the arguments as written, when the call and its text are at hand. */
function compositionOf(
  context: CheckContext,
  node: MergeNode,
  write: (models: readonly string[], hypers: ReadonlyMap<string, string>) => string | undefined,
): string | undefined {
  const text = context.options.text;
  const call = context.source.call(node.span);
  if (text === undefined || !call) return undefined;
  const models: string[] = [];
  const hypers = new Map<string, string>();
  for (const argument of call.args) {
    const value = text.slice(argument.value.span.start, argument.value.span.end);
    if (argument.kind === 'PositionalArgument') models.push(value);
    else hypers.set(argument.name.name, value);
  }
  return write(models, hypers);
}
