import { CHECK } from '../../diagnostics/codes/check.js';
import { MAX_PATTERN_LENGTH } from '../../text/glob.js';
import { suggest } from '../../text/suggest.js';
import { compactNames, split } from '../compact-names.js';
import type { Rule } from '../context.js';
import { entrySpans } from '../entry-spans.js';
import { didYouMean } from '../fixes.js';

/**
 * A block the component does not have (`blocks(sd1.unet, in12=...)`: sd1's unet has in0..in11; sdxl's out0..out8),
 * or a `*` pattern that matches none. The valid blocks are listed in the help. A pattern over the length limit is
 * left to blockPatternLengthRule.
 */
export const unknownBlockRule: Rule = (context) => ({
  map(map) {
    for (const entry of map.entries) {
      if (entry.kind !== 'block' || entry.arch === undefined || entry.component === undefined) continue;
      if (entry.name.length > MAX_PATTERN_LENGTH) continue;
      const arch = context.registry.architecture(entry.arch);
      const blocks = arch?.component(entry.component)?.blocks;
      if (!arch || !blocks || arch.expandBlockPattern(entry.component, entry.name).length > 0) continue;
      const span = entrySpans(context.source, map, entry).name ?? entry.nameSpan;
      const valid = `the blocks of ${entry.arch}.${entry.component} are ${compactNames(blocks)}`;
      // `in12` is a number out of range rather than a typo: no "did you mean in1".
      const parts = split(entry.name);
      const outOfRange = parts !== undefined && blocks.some((b) => split(b)?.prefix === parts.prefix);
      const suggestion = outOfRange || entry.name.includes('*') ? undefined : suggest(entry.name, blocks);
      context.report(
        CHECK.UnknownBlock,
        span,
        { target: `${entry.arch}.${entry.component}`, name: entry.name },
        didYouMean(suggestion, span, false, valid),
      );
    }
  },
});
