/**
 * A merge method's signature spelt out for people, as the facts both the method reference (docs/methods.md) and
 * `mechac info --methods` print: which spaces go in and come out, and each hyperparameter's type, default, legacy
 * default, range and whether it takes per-key values.
 */

import { DEFAULT_SPACE_VARIABLE, type HyperParam, type HyperValue, type MethodSignature } from './signature.js';

/** Headings of the families, in the order BUILTIN_METHODS lists them. */
export const FAMILY_TITLES: Readonly<Record<string, string>> = {
  linear: 'Linear combinations',
  difference: 'Element-wise weighted differences',
  ties: 'Task vectors: TIES, dropout, Model Stock, medians',
  spectral: 'Spectral and orthogonal methods',
  selection: 'Selection and clamping',
  helpers: 'sd-mecha 1.x helpers',
  lora: 'LoRA outputs',
};

export interface HyperFacts {
  readonly name: string;
  /** `number`, `int`, `bool`, `string`, or the accepted strings. */
  readonly type: string;
  /** `required` when there is none. */
  readonly default: string;
  /** The sd-mecha 0.0.x default where it differs, `required` where 0.0.x had none; undefined otherwise. */
  readonly legacyDefault: string | undefined;
  /** `[0, 1]`, `>= 0`; empty when unbounded. */
  readonly range: string;
  readonly perKey: boolean;
  readonly doc: string;
}

export function formatHyperValue(value: HyperValue, type: HyperParam['type']): string {
  if (value === null) return 'unset';
  if (typeof value === 'string') return JSON.stringify(value);
  // A real-valued default reads as one: `1.0`, not `1`.
  if (typeof value === 'number' && type === 'number' && Number.isInteger(value)) return value.toFixed(1);
  return String(value);
}

function formatRange(range: HyperParam['range']): string {
  if (!range) return '';
  const [lo, hi] = range;
  if (lo !== null && hi !== null) return `[${lo}, ${hi}]`;
  if (lo !== null) return `>= ${lo}`;
  if (hi !== null) return `<= ${hi}`;
  return '';
}

export function hyperFacts(h: HyperParam): HyperFacts {
  let legacyDefault: string | undefined;
  if (h.legacyRequired) legacyDefault = 'required';
  else if (h.legacyDefault !== undefined && h.legacyDefault !== h.default) legacyDefault = formatHyperValue(h.legacyDefault, h.type);
  return {
    name: h.name,
    type: h.values ? h.values.map((v) => JSON.stringify(v)).join(' | ') : h.type,
    default: h.default === undefined ? 'required' : formatHyperValue(h.default, h.type),
    legacyDefault,
    range: formatRange(h.range),
    perKey: h.perKey === true,
    doc: h.doc ?? '',
  };
}

/** How an input or the output may be: `weight`, `delta`, `param`, or the space variable `s`. */
export interface SpaceFacts {
  /** One entry per model parameter: `a: s`, `*models: delta`, `bounds...` marked variadic. */
  readonly inputs: readonly { readonly name: string; readonly space: string; readonly note: string }[];
  readonly output: string;
  /** What `s` stands for, when a parameter or the output uses it. */
  readonly variable: string | undefined;
}

export function spaceFacts(sig: MethodSignature): SpaceFacts {
  const inputs = sig.models.map((m) => {
    const notes: string[] = [];
    if (m.variadic) notes.push(m.variadic.min === 0 ? 'any number' : `${m.variadic.min} or more`);
    if (m.optional) notes.push('optional');
    if (m.config) notes.push(`a ${m.config} value`);
    return { name: m.name, space: m.space, note: notes.join(', ') };
  });
  const r = sig.returns;
  const output = typeof r === 'object' ? `the space \`${r.fromHyper}\` names` : r;
  const usesVariable = r === 's' || sig.models.some((m) => m.space === 's');
  const allowed = sig.spaceVariable ?? DEFAULT_SPACE_VARIABLE;
  const sharers = r === 's' ? 'every `s` input and the output' : 'every `s` input';
  const variable = usesVariable ? `${allowed.join(' or ')}, shared by ${sharers}` : undefined;
  return { inputs, output, variable };
}

/** The methods grouped by family, families and methods in registry order. */
export function byFamily(methods: readonly MethodSignature[]): Map<string, MethodSignature[]> {
  const groups = new Map<string, MethodSignature[]>();
  for (const m of methods) groups.set(m.family, [...(groups.get(m.family) ?? []), m]);
  return groups;
}
