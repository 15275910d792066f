/**
 * "Did you mean": the candidates nearest to a misspelt name by edit distance (insertions, deletions, substitutions
 * and swaps of adjacent characters, ignoring case), when near enough to be a plausible typo: at most a third of the
 * name's length, and at least one edit.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  return suggestAll(name, candidates, 1)[0];
}

/** Up to `limit` plausible candidates, nearest first (ties: names the input begins, then the candidates' order). */
export function suggestAll(name: string, candidates: Iterable<string>, limit = 3): string[] {
  // Far longer than any identifier: not a misspelling, and not worth a quadratic comparison.
  if (name.length > 64) return [];
  const wanted = name.toLowerCase();
  const budget = Math.max(1, Math.floor(wanted.length / 3));
  const scored: { candidate: string; distance: number; prefix: number; index: number }[] = [];
  const seen = new Set<string>();
  let index = 0;
  for (const candidate of candidates) {
    if (candidate === name || seen.has(candidate)) continue;
    seen.add(candidate);
    const distance = editDistance(wanted, candidate.toLowerCase(), budget);
    // Among equally near names, one the input begins (an unfinished word) reads as the likelier intent.
    const prefix = candidate.toLowerCase().startsWith(wanted) ? 0 : 1;
    if (distance <= budget) scored.push({ candidate, distance, prefix, index });
    index++;
  }
  scored.sort((a, b) => a.distance - b.distance || a.prefix - b.prefix || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.candidate);
}

/**
 * Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring); gives up,
 * returning `limit + 1`, as soon as the distance cannot stay within `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const cols = b.length + 1;
  // Three rolling rows: the swap rule looks two rows back.
  let prev2 = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let cur = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[cols - 1]!;
}
