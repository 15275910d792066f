import { CHECK } from '../../diagnostics/codes/check.js';
import type { HyperValue } from '../../graph/types.js';
import type { Span } from '../../text/span.js';
import type { CheckContext, Rule } from '../context.js';
import { mapsOf } from '../hyper-values.js';

/** Per-block values of one architecture given to a call that merges another: `blocks(sdxl.unet, ...)` on sd1. */
export const hyperArchitectureRule: Rule = (context) => ({
  merge(node, facts) {
    const call = facts.call;
    if (!call || !context.archIsKnown(node.id)) return;
    const arch = context.typeOf(node.id).arch;
    if (arch === undefined) return;
    for (const [name, bound] of call.hypers) {
      const other = firstArch(context, bound.value);
      if (!other || other.arch === arch) continue;
      context.report(
        CHECK.HyperArchitectureMismatch,
        other.span,
        { name, method: call.signature.name, found: other.arch, expected: arch },
        { help: `write the values for ${arch}: the blocks and classes of each architecture are its own` },
      );
    }
  },
});

/** The first architecture the values name, and where. */
function firstArch(context: CheckContext, value: HyperValue): { arch: string; span: Span } | undefined {
  for (const part of mapsOf(value)) {
    if (part.kind === 'node') {
      const node = context.graph.nodes[part.node];
      const arch = context.typeOf(part.node).arch;
      if (node?.kind === 'hyper' && arch !== undefined) return { arch, span: part.span };
      continue;
    }
    for (const entry of part.entries) {
      if (entry.kind === 'invalid' || entry.kind === 'key' || entry.arch === undefined) continue;
      const arch = context.registry.architecture(entry.arch)?.id;
      if (arch !== undefined) return { arch, span: part.source === 'dict' ? entry.span : (part.targetSpan ?? part.span) };
    }
  }
  return undefined;
}
