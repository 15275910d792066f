import type { Program } from './plan.js';

/**
 * Drops the loads and steps the result does not depend on, renumbering the rest. A merge that falls back to
 * another input for a key a LoRA does not adapt (sd-mecha's rule) can leave computed arguments unused.
 */
export function pruneProgram(program: Program): Program {
  const { loads, steps, result } = program;
  const used = new Array<boolean>(loads.length + steps.length).fill(false);
  used[result] = true;
  for (let i = steps.length - 1; i >= 0; i--) {
    if (!used[loads.length + i]) continue;
    for (const a of steps[i]!.args) used[a] = true;
  }
  if (used.every(Boolean)) return program;
  const renumbered = new Array<number>(used.length).fill(-1);
  let next = 0;
  used.forEach((u, v) => {
    if (u) renumbered[v] = next++;
  });
  return {
    loads: loads.filter((_, v) => used[v]),
    steps: steps.filter((_, i) => used[loads.length + i]).map((s) => ({ ...s, args: s.args.map((a) => renumbered[a]!) })),
    result: renumbered[result]!,
  };
}
