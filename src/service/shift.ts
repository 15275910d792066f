/**
 * Moving plain data (syntax nodes, diagnostics and their fixes) by a number of characters: every span in it,
 * however deeply nested, is shifted. A span is an object with exactly the numeric fields `start` and `end`.
 */
export function shiftSpans<T>(value: T, delta: number): T {
  if (delta === 0) return value;
  return shift(value, delta) as T;
}

// This copies every statement after an edit, on every keystroke: no per-object key list or callback.
function shift(value: unknown, delta: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = shift(value[i], delta);
    return out;
  }
  const record = value as Record<string, unknown>;
  if (isSpan(record)) return { start: (record['start'] as number) + delta, end: (record['end'] as number) + delta };
  // A spread copy takes the source's shape and key order at once; then only the nested objects are replaced.
  const out: Record<string, unknown> = { ...record };
  for (const key in record) {
    const item = record[key];
    if (item !== null && typeof item === 'object') out[key] = shift(item, delta);
  }
  return out;
}

function isSpan(record: Record<string, unknown>): boolean {
  if (typeof record['start'] !== 'number' || typeof record['end'] !== 'number') return false;
  let keys = 0;
  for (const _ in record) keys++;
  return keys === 2;
}
