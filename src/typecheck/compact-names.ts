/**
 * A list of block names for people: runs of one prefix with consecutive numbers are shortened
 * (`in0, in1, ..., in11, mid, out0, ..., out11` reads `in0..in11, mid, out0..out11`).
 */
export function compactNames(names: readonly string[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < names.length) {
    const start = split(names[i]!);
    let j = i;
    if (start) {
      while (j + 1 < names.length) {
        const next = split(names[j + 1]!);
        if (!next || next.prefix !== start.prefix || next.number !== start.number + (j + 1 - i)) break;
        j++;
      }
    }
    if (j - i >= 2) parts.push(`${names[i]}..${names[j]}`);
    else for (let k = i; k <= j; k++) parts.push(names[k]!);
    i = j + 1;
  }
  return parts.join(', ');
}

/** `in12` as `in` and 12; undefined for a name without a trailing number. */
export function split(name: string): { readonly prefix: string; readonly number: number } | undefined {
  const match = /^(.*?)(\d+)$/.exec(name);
  return match ? { prefix: match[1]!, number: Number(match[2]) } : undefined;
}
