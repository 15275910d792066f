import { CHECK } from '../../diagnostics/codes/check.js';
import type { HyperValue } from '../../graph/types.js';
import type { CheckContext, Rule } from '../context.js';
import { forEachValue } from '../hyper-values.js';

/**
 * A numeral too large for a double (`1e309`, `-1e400`): it reads as infinity, which no method can use (a weighted
 * sum with it writes NaN), while `inf` itself is not a number in a recipe. Every number a recipe holds is looked
 * at: hyperparameters, per-block entries, defaults, dict values, legacy literals. `mbw` lists are read by their
 * own rule.
 */
export const numberOverflowRule: Rule = (context) => {
  const visit = (value: HyperValue): void => forEachValue(value, (v) => report(context, v));
  return {
    merge(node) {
      for (const h of node.hypers) visit(h.value);
    },
    hyper(node) {
      visit(node.value);
    },
    literal(node) {
      visit(node.value);
    },
  };
};

/** What to do about it, for every place a number overflows. */
export const OVERFLOW_HELP = 'numbers in a recipe are finite doubles; write the value you mean (a ratio is usually between 0 and 1)';

function report(context: CheckContext, value: HyperValue): void {
  if (value.kind !== 'number' || Number.isFinite(value.value)) return;
  context.report(CHECK.NumberOverflow, value.span, { value: value.raw }, { help: OVERFLOW_HELP });
}
