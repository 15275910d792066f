import { CHECK } from '../../diagnostics/codes/check.js';
import type { HyperValue } from '../../graph/types.js';
import type { Span } from '../../text/span.js';
import type { CheckContext, Rule } from '../context.js';

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

/** The first architecture the values name, and where (the maps and names joined with `|`, left to right). */
function firstArch(context: CheckContext, value: HyperValue): { arch: string; span: Span } | undefined {
  switch (value.kind) {
    case 'pipe':
      for (const part of value.parts) {
        const found = firstArch(context, part);
        if (found) return found;
      }
      return undefined;
    case 'node': {
      const node = context.graph.nodes[value.node];
      const arch = context.typeOf(value.node).arch;
      return node?.kind === 'hyper' && arch !== undefined ? { arch, span: value.span } : undefined;
    }
    case 'map':
      for (const entry of value.entries) {
        if (entry.kind === 'invalid' || entry.kind === 'key' || entry.arch === undefined) continue;
        const arch = context.registry.architecture(entry.arch)?.id;
        if (arch !== undefined) return { arch, span: value.source === 'dict' ? entry.span : (value.targetSpan ?? value.span) };
      }
      return undefined;
    default:
      return undefined;
  }
}
