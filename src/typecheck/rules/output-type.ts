import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { describeNode } from '../found.js';
import { TO_LORA } from '../../registry/methods/lora-output.js';

/**
 * The recipe's output must be a full model, or a LoRA that `to_lora` extracts: a delta (or LoRA file read as one)
 * only with `allowDelta` (`run --allow-delta`), never a hyperparameter value.
 */
export const outputTypeRule: Rule = (context) => ({
  output(id, span) {
    const node = context.graph.nodes[id];
    if (!node || node.kind === 'error') return;
    const space = context.typeOf(id).space;
    const at = span ?? node.span;
    if (space === 'param') {
      context.report(CHECK.OutputNotModel, at, { found: describeNode(context, id) }, {
        help: 'the output is the last `let` or the `output` statement; it must compute a model',
      });
    } else if (context.mergeFacts(id)?.call?.signature.name === TO_LORA) {
      return;
    } else if ((space === 'delta' || space === 'lora') && !context.options.allowDelta) {
      const v1 = context.dialect === 'v1';
      context.report(CHECK.DeltaOutput, at, { found: describeNode(context, id) }, {
        help: v1
          ? 'add it to a base model with add_difference(base, ...), or run with --allow-delta to save the delta itself'
          : 'add it to a base model with a final `merge "add_difference"` line, or run with --allow-delta to save the delta itself',
      });
    }
  },
});
