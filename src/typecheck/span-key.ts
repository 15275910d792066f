import type { Span } from '../text/span.js';

/** A map key for a span: a number for spans within 2^26 characters (exact, and cheaper than a string), else a string. */
export type SpanKey = number | string;

const NUMERIC = 2 ** 26;

export function spanKey(span: Span): SpanKey {
  const { start, end } = span;
  return start >= 0 && end >= 0 && start < NUMERIC && end < NUMERIC ? start * NUMERIC + end : `${start}:${end}`;
}
