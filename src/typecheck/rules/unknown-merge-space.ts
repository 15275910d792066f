import { CHECK } from '../../diagnostics/codes/check.js';
import type { GraphNode } from '../../graph/types.js';
import { suggest } from '../../text/suggest.js';
import type { CheckContext, Rule } from '../context.js';
import { listWords } from '../describe.js';
import { didYouMean } from '../fixes.js';
import { parseSpace, SPACES } from '../spaces.js';

/** A space no recipe knows: `: sd1 delat`, `model "a" "sd1" "bsae"`, `merge_space="weigth"`. */
export const unknownMergeSpaceRule: Rule = (context) => {
  const visit = (node: GraphNode & { readonly space?: string | undefined }) => {
    if (node.space === undefined || parseSpace(node.space) !== undefined) return;
    report(context, node, node.space);
  };
  return { model: visit, param: visit, literal: visit };
};

function report(context: CheckContext, node: GraphNode, space: string): void {
  const written = context.source.parts(node).space;
  const span = written?.span ?? node.span;
  // Legacy files wrote the full-model space as `base`.
  const names = context.dialect === 'v1' ? SPACES : ['base', ...SPACES];
  const suggestion = suggest(space, names);
  context.report(
    CHECK.UnknownMergeSpace,
    span,
    { name: space, spaces: listWords(SPACES.map((s) => `'${s}'`)) },
    written ? didYouMean(suggestion, span, written.quoted) : {},
  );
}
