import { CHECK } from '../../diagnostics/codes/check.js';
import { hasLoraLayout } from '../../lora/key-map.js';
import { TO_LORA } from '../../registry/methods/lora-output.js';
import type { Rule } from '../context.js';

/**
 * `to_lora` yields a LoRA file, not tensors another method can take: it may only be the recipe's output, and only
 * for an architecture that has a LoRA layout.
 */
export const loraOutputRule: Rule = (context) => ({
  merge(node, facts) {
    if (facts.call?.signature.name === TO_LORA) {
      const arch = context.typeOf(node.id).arch;
      if (arch !== undefined && !hasLoraLayout(arch)) context.report(CHECK.LoraOutputArchitecture, node.span, { arch });
    }
    node.inputs.forEach((input, index) => {
      if (context.mergeFacts(input)?.call?.signature.name !== TO_LORA) return;
      const span = node.inputSpans[index] ?? node.span;
      context.report(CHECK.LoraResultAsInput, span, { method: facts.call?.signature.name ?? node.method }, {
        help: 'call to_lora last, on the merged delta',
      });
    });
  },
});
