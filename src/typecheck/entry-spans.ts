import type { HyperEntry, HyperMap } from '../graph/types.js';
import type { Span } from '../text/span.js';
import type { SourceIndex } from './source-index.js';

/** Where an entry of per-block values writes its architecture, component and block or class name. */
export interface EntrySpans {
  readonly arch: Span | undefined;
  readonly component: Span | undefined;
  readonly name: Span | undefined;
}

/**
 * `blocks(sd1.unet, in2=0.5)` writes the architecture and component once, in its first argument; a legacy
 * `dict sd1_unet_block_in2=0.5` writes all three in each key, which is sliced at its underscores.
 */
export function entrySpans(source: SourceIndex, map: HyperMap, entry: HyperEntry): EntrySpans {
  const name = entry.kind === 'block' || entry.kind === 'class' ? entry.nameSpan : undefined;
  if (map.source !== 'dict') {
    const target = map.targetSpan;
    if (!target) return { arch: undefined, component: undefined, name };
    const member = source.member(target);
    if (member) return { arch: member.object.span, component: member.property.span, name };
    return { arch: source.identifier(target) !== undefined ? target : undefined, component: undefined, name };
  }
  if (entry.kind !== 'block' && entry.kind !== 'class' && entry.kind !== 'default') {
    return { arch: undefined, component: undefined, name };
  }
  // Dict keys: `<arch>_<component>_block_<name>`, `<arch>_<component>_class_<name>`, `<arch>_<component>_default`.
  const start = entry.kind === 'default' ? entry.span.start : entry.nameSpan.start;
  const arch = entry.arch ?? '';
  const component = entry.component ?? '';
  const archSpan = { start, end: start + arch.length };
  const componentStart = archSpan.end + 1;
  const componentSpan = { start: componentStart, end: componentStart + component.length };
  const nameSpan =
    entry.kind === 'default' ? undefined : { start: entry.nameSpan.end - entry.name.length, end: entry.nameSpan.end };
  return { arch: archSpan, component: componentSpan, name: nameSpan };
}
