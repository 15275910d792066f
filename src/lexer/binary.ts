/**
 * Whether a text is really a binary file read as UTF-8 (a model passed where a recipe was expected): then one
 * diagnostic says so instead of thousands of "unexpected character" errors.
 */
export interface BinaryEvidence {
  /** Offset of the first character that gave it away. */
  readonly offset: number;
  readonly reason: string;
}

/** How much of the text is looked at: a binary file shows itself early. */
const SAMPLE = 64 * 1024;

export function detectBinary(text: string): BinaryEvidence | undefined {
  const length = Math.min(text.length, SAMPLE);
  let suspicious = 0;
  let first = -1;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return { offset: i, reason: 'it contains NUL bytes' };
    // U+FFFD is what invalid UTF-8 decodes to; C0 controls other than tab, newlines and form feed never appear in text.
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13)) {
      if (first < 0) first = i;
      suspicious++;
    }
  }
  // A stray replacement character in a comment is a mis-encoded text file, not a binary one.
  if (suspicious >= 2 && suspicious * 50 > length) {
    return { offset: first, reason: 'it is not valid UTF-8 text' };
  }
  return undefined;
}
