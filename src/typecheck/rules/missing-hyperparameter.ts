import { CHECK } from '../../diagnostics/codes/check.js';
import { insertionPoint } from '../call-text.js';
import type { Rule } from '../context.js';
import { describeHyperType, describeRange } from '../describe.js';

/**
 * A required hyperparameter left out. sd-mecha 0.0.x had no default for some (`add_cosine_a`'s alpha); the fix
 * offers the default later versions chose.
 */
export const missingHyperparameterRule: Rule = (context) => ({
  merge(node, facts) {
    const call = facts.call;
    if (!call) return;
    for (const param of call.missingHypers) {
      const range = param.range ? `, ${describeRange(param.range)}` : '';
      const help = `set ${param.name}=... to ${describeHyperType(param)}${range}`;
      const value = param.default;
      const fixes =
        typeof value === 'number' || typeof value === 'boolean'
          ? (() => {
              const at = insertionPoint(node, context.dialect === 'v1');
              const text = `${param.name}=${typeof value === 'number' && Number.isInteger(value) && param.type === 'number' ? value.toFixed(1) : String(value)}`;
              return [{ title: `Add ${text}`, edits: [{ span: { start: at.offset, end: at.offset }, newText: at.prefix + text }] }];
            })()
          : undefined;
      context.report(
        CHECK.MissingHyperparameter,
        node.methodSpan,
        { method: call.signature.name, name: param.name },
        { help, ...(fixes ? { fixes } : {}) },
      );
    }
  },
});
