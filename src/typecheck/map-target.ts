import type { HyperMap } from '../graph/types.js';
import type { Span } from '../text/span.js';
import type { SourceIndex } from './source-index.js';

/** The `sd1` or `sd1.unet` a hyper map call's first argument names, with where each part is written. */
export interface MapTarget {
  readonly arch: string;
  readonly archSpan: Span;
  readonly component: string | undefined;
  readonly componentSpan: Span | undefined;
}

/** The target of `blocks(sd1.unet, ...)`, `default(sd1, ...)`; undefined when the first argument names none. */
export function targetOf(source: SourceIndex, map: HyperMap): MapTarget | undefined {
  if (!map.targetSpan) return undefined;
  const member = source.member(map.targetSpan);
  if (member) {
    return {
      arch: member.object.name,
      archSpan: member.object.span,
      component: member.property.name,
      componentSpan: member.property.span,
    };
  }
  const arch = source.identifier(map.targetSpan);
  return arch === undefined ? undefined : { arch, archSpan: map.targetSpan, component: undefined, componentSpan: undefined };
}
