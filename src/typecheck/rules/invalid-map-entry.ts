import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { targetOf } from '../map-target.js';

const EXPECTED = {
  blocks: 'its entries are written block=value, as in2=0.5',
  classes: 'its entries are written class=value, as mlp_fc1=0.5',
  default: 'it takes a target and one value, as default(sd1.unet, 0.5)',
  mbw: 'it takes an architecture and one string of values, as mbw(sd1, "0.5,0.5,...")',
  dict: 'its entries are written key=value, as sd1_unet_block_in2=0.5',
} as const;

/**
 * Arguments a hyper map call cannot use (`blocks(sd1.unet, 0.5)`, a second value in `default(...)`), and a
 * `default(...)` without its value.
 */
export const invalidMapEntryRule: Rule = (context) => ({
  map(map) {
    const call = map.source === 'dict' ? 'dict' : `${map.source}(...)`;
    for (const entry of map.entries) {
      if (entry.kind !== 'invalid') continue;
      context.report(CHECK.InvalidMapEntry, entry.span, { call, expected: EXPECTED[map.source] });
    }
    if (map.source === 'default' && !map.entries.some((e) => e.kind === 'default')) {
      const target = targetOf(context.source, map);
      if (!target) return;
      const written = target.component === undefined ? target.arch : `${target.arch}.${target.component}`;
      context.report(CHECK.MissingDefaultValue, map.span, { target: written });
    }
  },
});
