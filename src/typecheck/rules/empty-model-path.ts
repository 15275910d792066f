import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';

/**
 * A model written with an empty path (`model a = ""`, `weighted_sum(a, "")`, a legacy `model` line without one):
 * no file can be named that way, with or without models directories. A path the parser had to leave out (an empty
 * span) or to empty (a string over the length limit, longer than its two quotes) is a syntax error already reported.
 */
export const emptyModelPathRule: Rule = (context) => ({
  model(node) {
    const written = node.pathSpan.end - node.pathSpan.start;
    if (node.path !== '' || written === 0 || written > 2) return;
    context.report(CHECK.EmptyModelPath, node.pathSpan, {}, {
      help: 'name a .safetensors file, relative to a models directory (the extension may be left out)',
    });
  },
});
