/** Generated recipes that stress length rather than content: chains through names, long files. */

/** A v1 recipe whose `length` lets each merge the one before: `let x2 = weighted_sum(x1, b)`. */
export function v1Chain(length: number): string {
  const lines = ['version 1', 'model a = "a" : sd1', 'model b = "b" : sd1', 'let x0 = weighted_sum(a, b)'];
  for (let i = 1; i < length; i++) lines.push(`let x${i} = weighted_sum(x${i - 1}, b)`);
  return lines.join('\n') + '\n';
}

/** An sd-mecha 0.0.x recipe of `lines` lines, each merge taking the line before it as `&N`. */
export function legacyChain(lines: number): string {
  const out = ['model "a" "sd1" "base"', 'model "b" "sd1" "base"', 'merge "weighted_sum" &0 &1 alpha=0.5'];
  for (let i = 3; i < lines; i++) out.push(`merge "weighted_sum" &${i - 1} &1 alpha=0.5`);
  return out.join('\n') + '\n';
}

/** A v1 recipe whose `length` lets each join the map before with another: `let m2 = m1 | blocks(...)`. */
export function hyperChain(length: number): string {
  const lines = ['version 1', 'model a = "a" : sd1', 'model b = "b" : sd1', 'let m0 = default(sd1, 0.5)'];
  for (let i = 1; i < length; i++) lines.push(`let m${i} = m${i - 1} | blocks(sd1.unet, in${i % 12}=0.${i % 10})`);
  lines.push(`let out = weighted_sum(a, b, alpha=m${length - 1})`);
  return lines.join('\n') + '\n';
}
