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
      const supermerger = supermergerBlock(entry.name);
      const suggestion =
        supermerger !== undefined
          ? blocks.find((b) => b === supermerger) // SuperMerger's IN12 on sdxl is out of range, not a typo of in1
          : outOfRange || entry.name.includes('*')
            ? undefined
            : suggest(entry.name, blocks);
      context.report(
        CHECK.UnknownBlock,
        span,
        { target: `${entry.arch}.${entry.component}`, name: entry.name },
        didYouMean(suggestion, span, false, valid),
      );
    }
  },
});

/** SuperMerger's spelling of a unet block, as mecha names it: `IN03` is `in3`, `OUT05` is `out5`, `M00` is `mid`. */
export function supermergerBlock(name: string): string | undefined {
  const numbered = /^(IN|OUT)(\d{1,2})$/i.exec(name);
  if (numbered) return `${numbered[1]!.toLowerCase()}${Number(numbered[2])}`;
  return /^(M00?|MID)$/i.test(name) && name !== 'mid' ? 'mid' : undefined;
}
