import { CHECK } from '../../diagnostics/codes/check.js';
import type { HyperValue } from '../../graph/types.js';
import type { Span } from '../../text/span.js';
import type { CheckContext, Rule } from '../context.js';
import { mapsOf } from '../hyper-values.js';

/** One set of per-block values that joins two architectures: `default(sd1, 0.5) | blocks(sdxl.unet, in0=1)`. */
export const mixedMapArchitecturesRule: Rule = (context) => {
  const visit = (value: HyperValue) => {
    let first: string | undefined;
    for (const { arch, span } of archsOf(context, value)) {
      if (first === undefined) first = arch;
      else if (arch !== first) {
        context.report(CHECK.MixedMapArchitectures, span, { expected: first, found: arch }, {
          help: 'per-block values are for the models of one architecture',
        });
        return;
      }
    }
  };
  return {
    hyper: (node) => visit(node.value),
    merge(node) {
      for (const h of node.hypers) visit(h.value);
    },
  };
};

/** Every architecture a value names, in order, and where. */
function archsOf(context: CheckContext, value: HyperValue): { arch: string; span: Span }[] {
  const out: { arch: string; span: Span }[] = [];
  for (const part of mapsOf(value)) {
    if (part.kind === 'node') {
      const arch = context.typeOf(part.node).arch;
      if (context.graph.nodes[part.node]?.kind === 'hyper' && arch !== undefined) out.push({ arch, span: part.span });
      continue;
    }
    for (const entry of part.entries) {
      if (entry.kind === 'invalid' || entry.kind === 'key' || entry.arch === undefined) continue;
      const arch = context.registry.architecture(entry.arch)?.id;
      if (arch === undefined) continue;
      out.push({ arch, span: part.source === 'dict' ? entry.span : part.span });
      if (part.source !== 'dict') break;
    }
  }
  return out;
}
