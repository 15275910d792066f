import { CHECK } from '../../diagnostics/codes/check.js';
import type { HyperMap } from '../../graph/types.js';
import type { Span } from '../../text/span.js';
import type { Architecture } from '../../registry/architecture.js';
import { suggest } from '../../text/suggest.js';
import type { CheckContext, Rule } from '../context.js';
import { listWords } from '../describe.js';
import { entrySpans } from '../entry-spans.js';
import { didYouMean } from '../fixes.js';
import { targetOf } from '../map-target.js';

/**
 * What per-block values are for: `blocks(...)` and `classes(...)` need a component (`sd1.unet`), `mbw(...)` an
 * architecture, `default(...)` either; the component must be one the architecture merges (`sd1.vae` passes
 * through, `sd1.foo` does not exist).
 */
export const hyperTargetRule: Rule = (context) => ({
  map(map) {
    if (map.source === 'dict') {
      for (const entry of map.entries) {
        if (entry.kind !== 'block' && entry.kind !== 'class' && entry.kind !== 'default') continue;
        if (entry.arch === undefined || entry.component === undefined) continue;
        const span = entrySpans(context.source, map, entry).component ?? entry.span;
        checkComponent(context, entry.arch, entry.component, span);
      }
      return;
    }
    const call = `${map.source}(...)`;
    const target = targetOf(context.source, map);
    if (!target) {
      context.report(CHECK.MissingTarget, map.targetSpan ?? map.span, { call, what: whatItTakes(map) });
      return;
    }
    const arch = context.registry.architecture(target.arch);
    if (!arch) return;
    const component = target.component;
    if (map.source === 'mbw') {
      if (component !== undefined) {
        context.report(CHECK.MissingTarget, map.targetSpan ?? map.span, { call, what: whatItTakes(map) }, {
          help: `mbw's values cover the whole model: write mbw(${target.arch}, "...")`,
        });
      }
      return;
    }
    if (component === undefined && (map.source === 'blocks' || map.source === 'classes')) {
      context.report(
        CHECK.ComponentRequired,
        map.targetSpan ?? map.span,
        { call, kind: map.source, arch: target.arch },
        { help: `the components of ${arch.id} are ${listWords(arch.components.map((c) => `${target.arch}.${c.name}`))}` },
      );
      return;
    }
    if (component !== undefined) {
      checkComponent(context, target.arch, component, target.componentSpan ?? target.archSpan);
    }
  },
});

function whatItTakes(map: HyperMap): string {
  switch (map.source) {
    case 'blocks':
    case 'classes':
      return 'a component (such as sd1.unet)';
    case 'mbw':
      return 'an architecture (such as sd1)';
    default:
      return 'an architecture or a component (such as sd1 or sd1.unet)';
  }
}

function checkComponent(context: CheckContext, archName: string, component: string, span: Span): void {
  const arch = context.registry.architecture(archName);
  if (!arch || arch.component(component)) return;
  const components = listWords(arch.components.map((c) => c.name));
  const owner = mergedComponentOf(arch, component);
  if (owner === null) {
    context.report(CHECK.ComponentNotMerged, span, { arch: archName, name: component }, {
      help: `the merged components of ${arch.id} are ${components}`,
    });
    return;
  }
  const suggestion = owner ?? suggest(component, arch.components.map((c) => c.name));
  context.report(
    CHECK.UnknownComponent,
    span,
    { arch: archName, name: component },
    didYouMean(suggestion, span, false, `the components of ${arch.id} are ${components}`),
  );
}

/**
 * For a name of the architecture's sd-mecha 1.x config (`clip_l`, `diffuser`, `vae`): the merged component holding
 * its keys (`txt`, `unet`), or null when its keys pass through unmerged (`vae`). Undefined for any other name.
 */
function mergedComponentOf(arch: Architecture, name: string): string | null | undefined {
  const keys = arch.config?.components.find((c) => c.name === name)?.keys;
  if (!keys || keys.length === 0) return undefined;
  for (const key of keys) {
    const component = arch.keyInfo(key)?.component;
    if (component !== undefined) return component;
  }
  return null;
}
