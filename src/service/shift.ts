/**
 * Moving plain data (syntax nodes, diagnostics and their fixes) by a number of characters: every span in it,
 * however deeply nested, is shifted. A span is an object with exactly the numeric fields `start` and `end`.
 */
export function shiftSpans<T>(value: T, delta: number): T {
  if (delta === 0) return value;
  return shift(value, delta) as T;
}

function shift(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shift(item, delta));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (isSpan(record)) return { start: (record['start'] as number) + delta, end: (record['end'] as number) + delta };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = shift(record[key], delta);
  return out;
}

function isSpan(record: Record<string, unknown>): boolean {
  if (typeof record['start'] !== 'number' || typeof record['end'] !== 'number') return false;
  let keys = 0;
  for (const _ in record) keys++;
  return keys === 2;
}
