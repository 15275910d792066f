import { CHECK } from '../../diagnostics/codes/check.js';
import type { HyperMap, HyperEntry } from '../../graph/types.js';
import type { Span } from '../../text/span.js';
import type { CheckContext, Rule } from '../context.js';
import { listWords } from '../describe.js';
import { OVERFLOW_HELP } from './number-overflow.js';
import { MBW_PRESET_NAMES, mbwPresetValues } from '../../registry/mbw-presets.js';
import { suggest } from '../../text/suggest.js';

/** What a SuperMerger list holds: how many values, the first that is not a number, the first too large for one. */
interface MbwList {
  readonly count: number;
  readonly bad: string | undefined;
  readonly overflow: string | undefined;
}

/** A decimal numeral as a recipe writes numbers (`0.5`, `-1`, `1e-6`). */
const NUMERAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * SuperMerger's block lists: `mbw(sd1, "...")` takes one number per slot of the architecture's layout (26 for sd1:
 * BASE, IN00..IN11, M00, OUT00..OUT11; 20 for sdxl), and only architectures with a layout take one.
 */
export const mbwRule: Rule = (context) => {
  // Recipes repeat the same lists: each distinct one is read once per check.
  const lists = new Map<string, MbwList>();
  const read = (text: string): MbwList => {
    let list = lists.get(text);
    if (!list) {
      const values = text.split(',').map((v) => v.trim());
      const infinite = (v: string): boolean => !Number.isFinite(Number(v));
      list = {
        count: values.length,
        bad: values.find((v) => v === '' || (infinite(v) && !NUMERAL.test(v))),
        overflow: values.find((v) => infinite(v) && NUMERAL.test(v)),
      };
      lists.set(text, list);
    }
    return list;
  };
  return {
    map(map) {
      for (const entry of map.entries) {
        if (entry.kind !== 'mbw' || entry.arch === undefined) continue;
        const arch = context.registry.architecture(entry.arch);
        if (!arch) continue;
        if (!arch.mbw) {
          const withLayout = context.registry.architectures().filter((a) => a.mbw).map((a) => a.id);
          context.report(CHECK.MbwUnsupported, map.targetSpan ?? entry.span, { arch: entry.arch }, {
            help: `architectures with a SuperMerger layout: ${listWords(withLayout)}; use blocks(...) for ${arch.id}`,
          });
          continue;
        }
        // A SuperMerger preset name (`mbw(sd1, "GRAD_V")`) stands for its list.
        if (mbwPresetValues(entry.values, arch.mbw.length) !== undefined) continue;
        const { count, bad, overflow } = read(entry.values);
        if (bad !== undefined) {
          const preset = count === 1 ? suggest(bad, MBW_PRESET_NAMES) : undefined;
          context.report(CHECK.MbwInvalidValue, listSpan(context, map, entry), { value: bad }, {
            help: preset
              ? `did you mean the preset '${preset}'?`
              : 'the list is numbers separated by commas, as "0.5,0.5,0.5,...", or a SuperMerger preset name, as "GRAD_V"',
          });
          continue;
        }
        if (overflow !== undefined) {
          context.report(CHECK.NumberOverflow, listSpan(context, map, entry), { value: overflow }, { help: OVERFLOW_HELP });
          continue;
        }
        if (count !== arch.mbw.length) {
          const labels = arch.mbw.map((slot) => slot.label);
          context.report(
            CHECK.MbwValueCount,
            listSpan(context, map, entry),
            { arch: entry.arch, expected: arch.mbw.length, found: count },
            { help: `the ${labels.length} slots are ${labels.join(', ')}` },
          );
        }
      }
    },
  };
};

/** Where the list is written: the call's second argument, else the entry. */
function listSpan(context: CheckContext, map: HyperMap, entry: HyperEntry): Span {
  const call = context.source.call(map.span);
  const list = call?.args[1];
  return list?.kind === 'PositionalArgument' ? list.value.span : entry.span;
}
