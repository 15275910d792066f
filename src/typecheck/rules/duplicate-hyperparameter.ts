import { CHECK } from '../../diagnostics/codes/check.js';
import { removalSpan } from '../call-text.js';
import type { Rule } from '../context.js';

/** `alpha=0.3, alpha=0.5`, or a value given both positionally and by keyword: the later one is reported. */
export const duplicateHyperparameterRule: Rule = (context) => ({
  merge(node, facts) {
    for (const duplicate of facts.call?.duplicates ?? []) {
      const line = context.lineOf(duplicate.first.start);
      context.report(CHECK.DuplicateHyperparameter, duplicate.nameSpan ?? duplicate.span, { name: duplicate.name }, {
        ...(line !== undefined ? { help: `it is first given on line ${line}` } : {}),
        fixes: [{ title: 'Remove this argument', edits: [{ span: removalSpan(node, duplicate.span), newText: '' }] }],
      });
    }
  },
});
