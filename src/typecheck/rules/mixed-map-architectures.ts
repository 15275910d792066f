import { CHECK } from '../../diagnostics/codes/check.js';
import type { HyperValue } from '../../graph/types.js';
import type { Span } from '../../text/span.js';
import type { CheckContext, Rule } from '../context.js';

/** One set of per-block values that joins two architectures: `default(sd1, 0.5) | blocks(sdxl.unet, in0=1)`. */
export const mixedMapArchitecturesRule: Rule = (context) => {
  const visit = (value: HyperValue) => {
    const conflict = firstConflict(context, value, { first: undefined });
    if (conflict) {
      context.report(CHECK.MixedMapArchitectures, conflict.span, { expected: conflict.expected, found: conflict.found }, {
        help: 'per-block values are for the models of one architecture',
      });
    }
  };
  return {
    hyper: (node) => visit(node.value),
    merge(node) {
      for (const h of node.hypers) visit(h.value);
    },
  };
};

interface Conflict {
  readonly expected: string;
  readonly found: string;
  readonly span: Span;
}

/**
 * The first architecture a value names that differs from the first one it names, walking the maps and bound names
 * it joins with `|` left to right (a call names its architecture once; a dict in each entry).
 */
function firstConflict(context: CheckContext, value: HyperValue, state: { first: string | undefined }): Conflict | undefined {
  switch (value.kind) {
    case 'pipe':
      for (const part of value.parts) {
        const conflict = firstConflict(context, part, state);
        if (conflict) return conflict;
      }
      return undefined;
    case 'node': {
      const arch = context.typeOf(value.node).arch;
      if (context.graph.nodes[value.node]?.kind === 'hyper' && arch !== undefined) return see(state, arch, value.span);
      return undefined;
    }
    case 'map':
      for (const entry of value.entries) {
        if (entry.kind === 'invalid' || entry.kind === 'key' || entry.arch === undefined) continue;
        const arch = context.registry.architecture(entry.arch)?.id;
        if (arch === undefined) continue;
        const conflict = see(state, arch, value.source === 'dict' ? entry.span : value.span);
        if (conflict) return conflict;
        if (value.source !== 'dict') break;
      }
      return undefined;
    default:
      return undefined;
  }
}

function see(state: { first: string | undefined }, arch: string, span: Span): Conflict | undefined {
  if (state.first === undefined) state.first = arch;
  else if (arch !== state.first) return { expected: state.first, found: arch, span };
  return undefined;
}
