/**
 * "Did you mean": the candidates nearest to a misspelt name by edit distance (insertions, deletions, substitutions
 * and swaps of adjacent characters, ignoring case), when near enough to be a plausible typo: at most a third of the
 * name's length, and at least one edit.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  // The nearest candidate is kept as it is found rather than sorted out of a list: an undefined name in a long
  // recipe is compared with every name declared in it, on every keystroke.
  if (name.length > 64) return undefined;
  const wanted = name.toLowerCase();
  const budget = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = 0;
  let bestPrefix = 0;
  // Ties go to the earlier candidate: the first one found stays, so duplicates need no tracking.
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const lower = isLowerAscii(candidate) ? candidate : candidate.toLowerCase();
    const distance = boundedDistance(wanted, lower, budget);
    if (distance > budget) continue;
    const prefix = lower.startsWith(wanted) ? 0 : 1;
    if (best === undefined || distance < bestDistance || (distance === bestDistance && prefix < bestPrefix)) {
      best = candidate;
      bestDistance = distance;
      bestPrefix = prefix;
    }
  }
  return best;
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
    const distance = boundedDistance(wanted, candidate.toLowerCase(), budget);
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

/** ASCII without capitals: what `toLowerCase` leaves as it is (spares a copy of each name declared). */
function isLowerAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 || (c >= 65 && c <= 90)) return false;
  }
  return true;
}

/** Scratch rows of the distance table, grown as needed and reused (calls never nest). */
let rows = [new Int32Array(0), new Int32Array(0), new Int32Array(0)];

/**
 * The optimal string alignment distance of `editDistance` when it is at most `limit`, else some number above
 * `limit`. Cells with |i - j| > limit are over the limit, and an optimal path to a cell within it never leaves
 * the band, so the cells inside are exact wherever their value is within the limit.
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  const over = limit + 1;
  if (rows[0]!.length < m + 1) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let prev2 = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= m; j++) prev[j] = j <= limit ? j : over;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(m, i + limit);
    // The cells just outside the band, which the band's edges read.
    cur[lo - 1] = lo === 1 ? (i <= limit ? i : over) : over;
    if (hi < m) cur[hi + 1] = over;
    const ai = a.charCodeAt(i - 1);
    let rowMin = lo === 1 ? cur[0]! : over;
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = prev[j - 1]! + (ai === bj ? 0 : 1);
      const up = prev[j]! + 1;
      if (up < d) d = up;
      const left = cur[j - 1]! + 1;
      if (left < d) d = left;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        const swap = prev2[j - 2]! + 1;
        if (swap < d) d = swap;
      }
      if (d > over) d = over;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return over;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m]!;
}
