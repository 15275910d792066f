import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';

/** When running, every `param` must have been filled (`-p name=...`); checking a template leaves them be. */
export const unfilledParamRule: Rule = (context) => ({
  param(node) {
    if (!context.options.requireParams) return;
    const span = node.nameSpan ?? context.source.parts(node).name?.span ?? node.span;
    context.report(CHECK.UnfilledParam, span, { name: node.name }, {
      help: `fill it with -p ${node.name}=model.safetensors or -p ${node.name}=recipe.mecha`,
    });
  },
});
