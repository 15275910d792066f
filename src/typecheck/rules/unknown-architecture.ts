import { CHECK } from '../../diagnostics/codes/check.js';
import type { GraphNode, HyperMap } from '../../graph/types.js';
import type { Span } from '../../text/span.js';
import type { Rule } from '../context.js';
import { listWords } from '../describe.js';
import { entrySpans } from '../entry-spans.js';
import { didYouMean } from '../fixes.js';
import { targetOf } from '../map-target.js';
import { isScalarParam } from '../scalar-params.js';

/**
 * An architecture the registry does not know, wherever a recipe names one: `: sd2`, `model "a" "sdx" "base"`,
 * `parameter "a" "BASE" "sdlx"`, `blocks(sdx.unet, ...)`, `dict sdx_unet_default=0.5`.
 */
export const unknownArchitectureRule: Rule = (context) => {
  // Listed only when one is reported.
  const report = (name: string, span: Span, quoted: boolean) => {
    const known = listWords(context.registry.architectures().map((a) => a.id));
    context.report(
      CHECK.UnknownArchitecture,
      span,
      { name },
      didYouMean(context.registry.suggestArchitecture(name), span, quoted, `the architectures are ${known}`),
    );
  };
  const declaration = (node: GraphNode & { readonly arch?: string | undefined; readonly config?: string | undefined }) => {
    // An sd-mecha 0.1.0 config names the architecture; the config rule reports one that is unknown.
    if (node.arch === undefined || node.config !== undefined) return;
    if (context.registry.architecture(node.arch)) return;
    const written = context.source.parts(node).arch;
    report(node.arch, written?.span ?? node.span, written?.quoted ?? false);
  };
  return {
    model: declaration,
    param: (node) => {
      if (!isScalarParam(node)) declaration(node);
    },
    map(map: HyperMap) {
      if (map.source !== 'dict') {
        // A call names its architecture once, in its first argument.
        const target = targetOf(context.source, map);
        if (target && !context.registry.architecture(target.arch)) report(target.arch, target.archSpan, false);
        return;
      }
      for (const entry of map.entries) {
        if (entry.kind === 'invalid' || entry.kind === 'key' || entry.arch === undefined) continue;
        if (context.registry.architecture(entry.arch)) continue;
        const span = entrySpans(context.source, map, entry).arch;
        if (span) report(entry.arch, span, false);
      }
    },
  };
};
