/**
 * Block patterns (`out*`, `in1*`): `*` stands for any run of characters, every other character for itself.
 * Matching walks pattern and text once, going back only to the last `*` seen, so a pattern of many stars costs
 * at most pattern length times text length steps; a regular expression would backtrack exponentially on it.
 */

export const WILDCARD = '*';

/**
 * The longest block pattern a recipe may write. Block names are short (`in11`, `middle_block`); the limit keeps a
 * mistyped or hostile pattern from being matched at all, and the checker reports it.
 */
export const MAX_PATTERN_LENGTH = 128;

/** Whether the whole of `text` matches `pattern`. */
export function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  // Where the last `*` was, and how much of the text it has swallowed so far.
  let star = -1;
  let starText = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (c === WILDCARD) {
      star = p++;
      starText = t;
    } else if (c !== undefined && c === text[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      // Let the last `*` take one more character and retry what follows it.
      p = star + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (pattern[p] === WILDCARD) p++;
  return p === pattern.length;
}

/** A matcher for one pattern, for matching it against many names. */
export function globMatcher(pattern: string): (text: string) => boolean {
  if (!pattern.includes(WILDCARD)) return (text) => text === pattern;
  return (text) => globMatches(pattern, text);
}
