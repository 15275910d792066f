import type { ClassRuleData } from './architecture-data.js';

/** Final key segments that name a tensor of a layer rather than the layer itself. */
const PARAMETER_NAMES = new Set(['weight', 'bias', 'scale']);
/** Fused parameters named `<layer>_weight` (open_clip's `attn.in_proj_weight`). */
const PARAMETER_SUFFIX = /^(.+)_(weight|bias)$/;
const NUMBER = /^\d+$/;

/**
 * The class (layer type) of a key of a component, given the key relative to the component's prefix:
 *
 * 1. drop the tensor's own name (`weight`, `bias`, `scale`, or a `_weight`/`_bias` suffix), leaving the module path;
 * 2. a path listed in `names` gets that name;
 * 3. otherwise remove the segments matched by each `strip` pattern (the repeated containers such as
 *    `input_blocks.*.*` or `encoder.layers.*`), then join what is left with `_`, gluing a number to the name before
 *    it: directly when that name has no `_` (`net.0` -> `net0`), with `_` otherwise (`in_layers.0` -> `in_layers_0`).
 *
 * Returns undefined when nothing is left to name the class by (a data file must name such paths explicitly).
 */
export function classOfKey(localKey: string, rule: ClassRuleData | undefined): string | undefined {
  return classNamer(rule)(localKey);
}

/** `classOfKey` with the rule prepared once, for naming every key of a component. */
export function classNamer(rule: ClassRuleData | undefined): (localKey: string) => string | undefined {
  const strip = (rule?.strip ?? []).map((p) => p.split('.'));
  const names = rule?.names ?? {};
  const hasNames = Object.keys(names).length > 0;
  return (localKey) => nameClass(localKey, strip, names, hasNames);
}

function nameClass(
  localKey: string,
  strip: readonly (readonly string[])[],
  names: Readonly<Record<string, string>>,
  hasNames: boolean,
): string | undefined {
  const segments = localKey.split('.');
  const last = segments[segments.length - 1] ?? '';
  if (PARAMETER_NAMES.has(last) && segments.length > 1) {
    segments.pop();
  } else {
    const m = PARAMETER_SUFFIX.exec(last);
    if (m && segments.length > 1) segments[segments.length - 1] = m[1]!;
  }

  if (hasNames) {
    const path = segments.join('.');
    if (Object.prototype.hasOwnProperty.call(names, path)) return names[path];
  }

  let rest = segments;
  for (const pattern of strip) rest = stripPattern(rest, pattern);

  const tokens: string[] = [];
  for (const segment of rest) {
    const previous = tokens[tokens.length - 1];
    if (NUMBER.test(segment) && previous !== undefined) {
      tokens[tokens.length - 1] = previous.includes('_') ? `${previous}_${segment}` : `${previous}${segment}`;
    } else {
      tokens.push(segment);
    }
  }
  return tokens.length > 0 ? tokens.join('_') : undefined;
}

/** Removes every segment-aligned occurrence of `pattern` (`*` matches any one segment), scanning left to right. */
function stripPattern(segments: string[], pattern: readonly string[]): string[] {
  // Most patterns do not occur in a given key: skip the copy then.
  if (pattern[0] !== '*' && !segments.includes(pattern[0]!)) return segments;
  const out: string[] = [];
  let i = 0;
  while (i < segments.length) {
    if (i + pattern.length <= segments.length && pattern.every((p, j) => p === '*' || p === segments[i + j])) {
      i += pattern.length;
    } else {
      out.push(segments[i]!);
      i++;
    }
  }
  return out;
}
