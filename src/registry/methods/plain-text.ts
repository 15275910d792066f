/**
 * The merge methods as `mechac info --methods` prints them: the same facts as the method reference
 * (docs/methods.md), laid out for a terminal of the given width.
 */

import { byFamily, FAMILY_TITLES, hyperFacts, spaceFacts } from './describe.js';
import { exampleLabel } from './markdown.js';
import { formatSignature, type MethodSignature } from './signature.js';

const INDENT = '    ';

/** Words wrapped to `width`, every line starting with `indent`. */
export function wrapWords(indent: string, text: string, width: number): string[] {
  const out: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line.length + word.length + 1 > width && line.trim() !== '') {
      out.push(line.trimEnd());
      line = indent;
    }
    line += `${word} `;
  }
  if (line.trim() !== '') out.push(line.trimEnd());
  return out;
}

/** One method: its signature, doc, spaces, hyperparameters and example, as `mechac info METHOD` prints it. */
export function renderMethod(sig: MethodSignature, example: readonly string[] | undefined, width: number, out: string[]): void {
  out.push(formatSignature(sig));
  if (sig.aliases.length > 0) out.push(`${INDENT}also: ${sig.aliases.join(', ')}`);
  out.push(...wrapWords(INDENT, sig.doc, width));
  const spaces = spaceFacts(sig);
  const inputs = spaces.inputs.map((i) => `${i.name}: ${i.space}${i.note ? ` (${i.note})` : ''}`);
  const variable = spaces.variable ? `, where s is ${spaces.variable}` : '';
  out.push(...wrapWords(INDENT, `spaces: ${inputs.join(', ')} -> ${spaces.output}${variable}`.replace(/`/g, ''), width));
  for (const h of sig.hypers.map(hyperFacts)) {
    const facts = [
      h.type,
      `default ${h.default}`,
      ...(h.legacyDefault !== undefined ? [`sd-mecha 0.0.x default ${h.legacyDefault}`] : []),
      ...(h.range ? [`range ${h.range}`] : []),
      h.perKey ? 'per key' : 'one value',
    ];
    out.push(...wrapWords(`${INDENT}  `, `${h.name} (${facts.join(', ')})${h.doc ? `: ${h.doc}` : ''}`, width));
  }
  if (sig.legacyRenames) {
    const renames = Object.entries(sig.legacyRenames.renames).map(([from, to]) => `${from} as ${to}`);
    out.push(...wrapWords(INDENT, `a legacy call using ${sig.legacyRenames.marker} is read with ${renames.join(', ')}`, width));
  }
  if (example) {
    out.push(`${INDENT}${exampleLabel(example).replace(/`/g, '').toLowerCase()}:`);
    for (const line of example) out.push(`${INDENT}  ${line}`);
  }
}

/** Every method, grouped under `# family` headings, each followed by a blank line. */
export function renderMethodList(
  methods: readonly MethodSignature[],
  examples: ReadonlyMap<string, readonly string[]>,
  width: number,
): string[] {
  const out: string[] = [];
  for (const [family, members] of byFamily(methods)) {
    if (out.length > 0) out.push('');
    out.push(`# ${FAMILY_TITLES[family] ?? family}`);
    for (const m of members) {
      out.push('');
      renderMethod(m, examples.get(m.name), width, out);
    }
  }
  return out;
}
