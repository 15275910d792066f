/**
 * Names for the values of a converted legacy recipe: identifiers made from model paths and method names,
 * unique within the file, never a keyword.
 */

/** Words a v1 name cannot be: statement keywords, constants, and the hyper map calls (to keep calls unambiguous). */
const RESERVED = new Set(['model', 'param', 'let', 'output', 'version', 'true', 'false', 'null', 'blocks', 'classes', 'default', 'mbw']);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a word can be written as a v1 name as it is. */
export function isPlainName(word: string): boolean {
  return IDENTIFIER.test(word) && !RESERVED.has(word);
}

/** `pure/v1-5-pruned.safetensors` -> `v1_5_pruned`. */
export function nameFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.(safetensors|ckpt|pt|pth|bin)$/i, '');
  return sanitise(stem, 'model');
}

/** Any text made into an identifier: other characters become `_`, a leading digit gets a prefix. */
export function sanitise(text: string, fallback: string): string {
  let name = text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (name === '') name = fallback;
  if (/^[0-9]/.test(name)) name = `m_${name}`;
  if (RESERVED.has(name)) name = `${name}_`;
  return name;
}

/** Hands out names, adding `_2`, `_3`... to one already taken. */
export class NameAllocator {
  private readonly taken = new Set<string>();
  /** Per wanted name, the suffix to try next: thousands of merges may all want `mix`. */
  private readonly nextSuffix = new Map<string, number>();

  claim(wanted: string): string {
    let name = wanted;
    let n = this.nextSuffix.get(wanted) ?? 2;
    if (this.taken.has(name)) {
      do name = `${wanted}_${n++}`;
      while (this.taken.has(name));
    }
    this.nextSuffix.set(wanted, n);
    this.taken.add(name);
    return name;
  }
}

/** What a merge computes, as a short noun; methods not listed are named after themselves. */
const RESULT_NAMES: Readonly<Record<string, string>> = {
  weighted_sum: 'mix',
  add_difference: 'added',
  perpendicular_component: 'perpendicular',
  rotate: 'rotated',
  clamp: 'clamped',
  fallback: 'with_fallback',
  n_average: 'average',
  ties_sum: 'ties',
  ties_sum_extended: 'ties',
  model_stock_for_tensor: 'stock',
};

/** `subtract(a, base)` -> `a_delta`; `weighted_sum(...)` -> `mix`. */
export function nameForMerge(method: string, firstInputName: string | undefined): string {
  if (method === 'subtract') {
    return firstInputName !== undefined && firstInputName.length <= 12 ? `${firstInputName}_delta` : 'delta';
  }
  return sanitise(RESULT_NAMES[method] ?? method.replace(/^convert_/, ''), 'merged');
}
