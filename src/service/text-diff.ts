/** The one stretch where two texts differ: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new. */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/**
 * The smallest single change turning `before` into `after`: their common prefix and suffix are left out. The
 * editor sends whole texts (or the LSP layer applies its edits first), so this is how the service learns what an
 * edit touched.
 */
export function changedRange(before: string, after: string): TextChange {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}
