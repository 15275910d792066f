import { CHECK } from '../../diagnostics/codes/check.js';
import { MAX_PATTERN_LENGTH } from '../../text/glob.js';
import type { Rule } from '../context.js';
import { entrySpans } from '../entry-spans.js';

/**
 * A block name or `*` pattern longer than any block could need (`blocks(sd1.unet, ********...z=1)`): it is
 * reported instead of being looked up among the blocks.
 */
export const blockPatternLengthRule: Rule = (context) => ({
  map(map) {
    for (const entry of map.entries) {
      if (entry.kind !== 'block' || entry.name.length <= MAX_PATTERN_LENGTH) continue;
      const span = entrySpans(context.source, map, entry).name ?? entry.nameSpan;
      context.report(
        CHECK.BlockPatternTooLong,
        span,
        { length: entry.name.length, limit: MAX_PATTERN_LENGTH },
        { help: "block names are short (in0, mid, out11); '*' stands for any run of characters, one is enough" },
      );
    }
  },
});
