import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { replaceFix, quote } from '../fixes.js';

/**
 * What a model's header says against what the recipe declares: an annotation or config of another architecture
 * than the file's keys (an error, with a fix to the detected one), or keys that match no known architecture (a
 * warning: the merge may still work on the keys the models share).
 */
export const modelArchitectureRule: Rule = (context) => ({
  model(node) {
    const detection = context.file(node.id)?.detection;
    if (!detection) return;
    const space = context.typeOf(node.id).space;
    if ('unknown' in detection) {
      // LoRA files have their own key names.
      if (space === 'lora' || context.file(node.id)?.lora) return;
      const nearest = detection.nearest[0];
      context.report(CHECK.UnrecognisedModel, node.pathSpan, { path: node.path }, {
        ...(nearest ? { help: `the nearest is ${nearest.arch}, with ${nearest.differing} keys that differ` } : {}),
      });
      return;
    }
    const declared = node.config !== undefined ? context.registry.config(node.config)?.architecture : node.arch;
    const declaredArch = declared === undefined ? undefined : context.registry.architecture(declared);
    if (!declaredArch || declaredArch.id === detection.arch) return;
    const parts = context.source.parts(node);
    const written = node.config !== undefined ? parts.config : parts.arch;
    const replacement = node.config !== undefined ? detection.config : detection.arch;
    // The fix would trade this error for a mixed-architecture one when the other models are of another kind.
    const others = context.graph.nodes
      .filter((n) => (n.kind === 'model' || n.kind === 'param') && n.id !== node.id)
      .map((n) => {
        // What the other file is, when it was read; else what the recipe says it is.
        const found = context.file(n.id)?.detection;
        return found && !('unknown' in found) ? found.arch : context.typeOf(n.id).arch;
      })
      .filter((arch): arch is string => arch !== undefined && arch !== detection.arch);
    const fixes =
      written && replacement !== undefined && others.length === 0
        ? [(() => {
            const text = written.quoted ? quote(replacement) : replacement;
            return replaceFix(`Change to ${written.quoted ? text : `'${text}'`}`, written.span, text);
          })()]
        : undefined;
    context.report(
      CHECK.HeaderArchitectureMismatch,
      written?.span ?? node.pathSpan,
      {
        path: node.path,
        declared: node.config !== undefined ? `${node.config} (${declaredArch.id})` : declaredArch.id,
        detected: detection.config !== undefined && node.config !== undefined ? `${detection.config} (${detection.arch})` : detection.arch,
      },
      fixes
        ? { fixes }
        : others.length > 0
          ? { help: `the recipe's other models are ${[...new Set(others)].join(', ')}: this file does not belong in it; choose an ${declaredArch.id} file` }
          : {},
    );
  },
});
