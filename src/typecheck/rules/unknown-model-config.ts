import { CHECK } from '../../diagnostics/codes/check.js';
import type { GraphNode } from '../../graph/types.js';
import type { Rule } from '../context.js';
import { listWords } from '../describe.js';
import { didYouMean } from '../fixes.js';

/** An sd-mecha 1.x `model_config` the registry does not know: `model "a" model_config="sd1-ldn"`. */
export const unknownModelConfigRule: Rule = (context) => {
  const visit = (node: GraphNode & { readonly config?: string | undefined }) => {
    if (node.config === undefined || context.registry.config(node.config)) return;
    const written = context.source.parts(node).config;
    const span = written?.span ?? node.span;
    const known = listWords(context.registry.configs().map((c) => c.id));
    context.report(
      CHECK.UnknownModelConfig,
      span,
      { name: node.config },
      didYouMean(context.registry.suggestConfig(node.config), span, true, `the configs are ${known}`),
    );
  };
  return { model: visit, literal: visit };
};
