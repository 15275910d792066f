import type { MergeNode } from '../graph/types.js';
import { arity, type MethodSignature } from '../registry/methods/signature.js';
import type { Span } from '../text/span.js';

/** `2 models`, `at least 1 model`, `2 or 3 models`: how many models a method takes. */
export function describeArity(signature: MethodSignature): string {
  const { min, max } = arity(signature);
  const noun = (n: number) => (n === 1 ? 'model' : 'models');
  if (max === Number.POSITIVE_INFINITY) return `at least ${min} ${noun(min)}`;
  if (min === max) return `${min} ${noun(min)}`;
  return `${min} to ${max} models`;
}

/**
 * The span that removes an argument with what separates it from the one before (`, 0.5`, ` alpha=0.5`), so the
 * call reads right once it is gone.
 */
export function removalSpan(node: MergeNode, argument: Span): Span {
  let start = node.methodSpan.end;
  for (const span of [...node.inputSpans, ...node.hypers.map((h) => h.span)]) {
    if (span.end <= argument.start && span.end > start) start = span.end;
  }
  return { start, end: argument.end };
}

/** Where a new keyword argument goes: before a v1 call's `)`, at the end of a legacy line. */
export function insertionPoint(node: MergeNode, v1: boolean): { offset: number; prefix: string } {
  if (!v1) return { offset: lastArgumentEnd(node), prefix: ' ' };
  const hasArguments = node.inputSpans.length + node.hypers.length > 0;
  return { offset: hasArguments ? lastArgumentEnd(node) : node.span.end - 1, prefix: hasArguments ? ', ' : '' };
}

function lastArgumentEnd(node: MergeNode): number {
  let end = node.methodSpan.end;
  for (const span of [...node.inputSpans, ...node.hypers.map((h) => h.span)]) end = Math.max(end, span.end);
  return end;
}
