import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { listWords } from '../describe.js';

/**
 * SuperMerger's block lists: `mbw(sd1, "...")` takes one number per slot of the architecture's layout (26 for sd1:
 * BASE, IN00..IN11, M00, OUT00..OUT11; 20 for sdxl), and only architectures with a layout take one.
 */
export const mbwRule: Rule = (context) => ({
  map(map) {
    for (const entry of map.entries) {
      if (entry.kind !== 'mbw' || entry.arch === undefined) continue;
      const arch = context.registry.architecture(entry.arch);
      if (!arch) continue;
      const call = context.source.call(map.span);
      const list = call?.args[1];
      const span = list?.kind === 'PositionalArgument' ? list.value.span : entry.span;
      if (!arch.mbw) {
        const withLayout = context.registry.architectures().filter((a) => a.mbw).map((a) => a.id);
        context.report(CHECK.MbwUnsupported, map.targetSpan ?? entry.span, { arch: entry.arch }, {
          help: `architectures with a SuperMerger layout: ${listWords(withLayout)}; use blocks(...) for ${arch.id}`,
        });
        continue;
      }
      const values = entry.values.split(',').map((v) => v.trim());
      const bad = values.find((v) => v === '' || !Number.isFinite(Number(v)));
      if (bad !== undefined) {
        context.report(CHECK.MbwInvalidValue, span, { value: bad }, {
          help: 'the list is numbers separated by commas, as "0.5,0.5,0.5,..."',
        });
        continue;
      }
      if (values.length !== arch.mbw.length) {
        const labels = arch.mbw.map((slot) => slot.label);
        context.report(
          CHECK.MbwValueCount,
          span,
          { arch: entry.arch, expected: arch.mbw.length, found: values.length },
          { help: `the ${labels.length} slots are ${labels.join(', ')}` },
        );
      }
    }
  },
});
