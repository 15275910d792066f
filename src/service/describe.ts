import type { GraphNode, HyperValue } from '../graph/types.js';
import type { Architecture, Component } from '../registry/architecture.js';
import { formatSignature, type HyperParam, type MethodSignature } from '../registry/methods/signature.js';
import type { NodeType } from '../typecheck/types.js';

/**
 * How the service names things in completion details and hovers: types as a recipe writes them (`sd1 weight`,
 * `sd1 delta`, `hyper<sd1>`), hyperparameters with their defaults and ranges, sizes in bytes.
 */

/** `sd1 weight`; `weight` when the architecture is unknown; a value's own type for hyperparameters. */
export function typeText(node: GraphNode, type: NodeType | undefined): string | undefined {
  if (node.kind === 'hyper') return valueTypeText(node.value, type?.arch);
  if (node.kind === 'error') return undefined;
  const arch = type?.arch;
  const space = type?.space;
  if (space === 'param') return arch ? `hyper<${arch}>` : 'hyper';
  if (arch && space) return `${arch} ${space}`;
  return arch ?? space;
}

function valueTypeText(value: HyperValue, arch: string | undefined): string | undefined {
  switch (value.kind) {
    case 'number':
      return Number.isInteger(value.value) && !/[.eE]/.test(value.raw) ? 'int' : 'number';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'null':
      return 'null';
    case 'map':
    case 'pipe':
    case 'node':
      return arch ? `hyper<${arch}>` : 'hyper';
    case 'invalid':
      return undefined;
  }
}

/** `1.0`, `"cosine"`, `null`: a default as a recipe would write it. */
function valueText(value: HyperParam['default'], param?: HyperParam): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && param?.type === 'number' && Number.isInteger(value)) return value.toFixed(1);
  return String(value);
}

/** `number, per key, default 0.5, in [0, 1]`: one line about a hyperparameter. */
export function hyperDetail(param: HyperParam): string {
  const parts: string[] = [param.perKey ? `${param.type} or hyper` : param.type];
  parts.push(param.default === undefined ? 'required' : `default ${valueText(param.default, param)}`);
  if (param.range) parts.push(`in [${param.range[0] ?? '-inf'}, ${param.range[1] ?? 'inf'}]`);
  if (param.values) parts.push(`one of ${param.values.map((v) => JSON.stringify(v)).join(', ')}`);
  return parts.join(', ');
}

/** A method's documentation: the signature, what it computes, its parameters. */
export function methodMarkdown(sig: MethodSignature): string {
  const lines = ['```mecha', formatSignature(sig), '```', '', sig.doc];
  const params = [
    ...sig.models.filter((m) => m.doc).map((m) => `- \`${m.name}\`: ${m.doc}`),
    ...sig.hypers.map((h) => `- \`${h.name}\` (${hyperDetail(h)})${h.doc ? `: ${h.doc}` : ''}`),
  ];
  if (params.length > 0) lines.push('', ...params);
  if (sig.aliases.length > 0) lines.push('', `Also written ${sig.aliases.map((a) => `\`${a}\``).join(', ')}.`);
  return lines.join('\n');
}

/** `in0..in11, mid, out0..out11`: a list of names with numbered runs shortened. */
export function rangeList(names: readonly string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < names.length) {
    const m = /^(.*?)(\d+)$/.exec(names[i]!);
    let j = i;
    if (m) {
      const stem = m[1]!;
      let n = Number(m[2]);
      while (j + 1 < names.length && names[j + 1] === `${stem}${n + 1}`) {
        j++;
        n++;
      }
    }
    out.push(j - i >= 2 ? `${names[i]}..${names[j]}` : names.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return out.join(', ');
}

/** The `*` patterns that cover numbered block families: `in*`, `out*` for `in0..in11, mid, out0..out11`. */
export function wildcardForms(blocks: readonly string[]): { pattern: string; blocks: string[] }[] {
  const families = new Map<string, string[]>();
  for (const block of blocks) {
    const m = /^([A-Za-z_]+)\d+$/.exec(block);
    if (!m) continue;
    const list = families.get(m[1]!) ?? [];
    list.push(block);
    families.set(m[1]!, list);
  }
  return [...families]
    .filter(([, list]) => list.length > 1)
    .map(([stem, list]) => ({ pattern: `${stem}*`, blocks: list }));
}

/** `686 keys, blocks in0..in11, mid, out0..out11, 29 classes`. */
export function componentSummary(component: Component): string {
  return `${component.keys.length} keys; blocks ${rangeList(component.blocks)}; ${component.classes.length} classes`;
}

/** An architecture's description and components, for hovers. */
export function architectureMarkdown(arch: Architecture): string {
  const lines = [`**${arch.id}**: ${arch.description}`];
  if (arch.aliases.length > 0) lines.push('', `Also called ${arch.aliases.map((a) => `\`${a}\``).join(', ')}.`);
  lines.push('', ...arch.components.map((c) => `- \`${arch.id}.${c.name}\`: ${componentSummary(c)}`));
  return lines.join('\n');
}

/** `2.13 GB`, `512 KB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ${units[unit]}`;
}

/** Up to `count` items and how many more there are. */
export function firstFew(items: readonly string[], count: number): string[] {
  const shown = items.slice(0, count).map((k) => `- \`${k}\``);
  if (items.length > count) shown.push(`- … and ${items.length - count} more`);
  return shown;
}
