/**
 * Natural ordering of names with numbers in them: `in2` before `in10`, `in11` before `mid`, `mid` before `out0`.
 * Runs of digits compare as numbers, other runs case-insensitively, as sd-mecha sorted block names.
 */
export function compareNatural(a: string, b: string): number {
  const pa = splitRuns(a);
  const pb = splitRuns(b);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y;
    } else if (typeof x === 'number' || typeof y === 'number') {
      // A number sorts before text at the same position (`in0` before `in_x`).
      return typeof x === 'number' ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  if (pa.length !== pb.length) return pa.length - pb.length;
  // Same natural key (e.g. `in01` and `in1`): fall back to plain order so the sort is total.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortNatural(names: Iterable<string>): string[] {
  return [...names].sort(compareNatural);
}

function splitRuns(s: string): (string | number)[] {
  const runs: (string | number)[] = [];
  for (const m of s.matchAll(/(\d+)|(\D+)/g)) {
    runs.push(m[1] !== undefined ? Number(m[1]) : m[2]!.toLowerCase());
  }
  return runs;
}
