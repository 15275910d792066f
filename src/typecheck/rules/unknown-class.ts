import { CHECK } from '../../diagnostics/codes/check.js';
import { suggest } from '../../text/suggest.js';
import type { Rule } from '../context.js';
import { entrySpans } from '../entry-spans.js';
import { didYouMean } from '../fixes.js';

/** A layer class the component does not have: `classes(sd1.txt, attn1_to_q=...)` (that is a unet class). */
export const unknownClassRule: Rule = (context) => ({
  map(map) {
    for (const entry of map.entries) {
      if (entry.kind !== 'class' || entry.arch === undefined || entry.component === undefined) continue;
      const arch = context.registry.architecture(entry.arch);
      const classes = arch?.component(entry.component)?.classes;
      if (!arch || !classes || classes.includes(entry.name)) continue;
      const span = entrySpans(context.source, map, entry).name ?? entry.nameSpan;
      const owners = arch.components.filter((c) => c.classes.includes(entry.name)).map((c) => `${entry.arch}.${c.name}`);
      const valid =
        owners.length > 0
          ? `${entry.name} is a class of ${owners.join(' and ')}; the classes of ${entry.arch}.${entry.component} are ${classes.join(', ')}`
          : `the classes of ${entry.arch}.${entry.component} are ${classes.join(', ')}`;
      context.report(
        CHECK.UnknownClass,
        span,
        { target: `${entry.arch}.${entry.component}`, name: entry.name },
        didYouMean(suggest(entry.name, classes), span, false, valid),
      );
    }
  },
});
