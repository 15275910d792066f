/**
 * The method reference, docs/methods.md, rendered from the signatures and the example calls. Pure: the same
 * inputs give the same text, so a test can tell when the file is stale.
 */

import { byFamily, FAMILY_TITLES, hyperFacts, spaceFacts } from './describe.js';
import { formatSignature, type MethodSignature } from './signature.js';

export const METHOD_DOC_COMMAND = 'npx tsx scripts/gen-method-docs.ts';

/** `|` inside a table cell would end it. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function anchor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_ -]/g, '').replace(/ /g, '-');
}

/** A whole recipe (the helpers' sd-mecha 1.x file) or lines after the `model` lines of sd1 models a, b, c. */
export function exampleLabel(example: readonly string[]): string {
  return example[0]?.startsWith('version ') ? 'Example, a whole recipe as sd-mecha 1.x writes it' : 'Example, with sd1 models `a`, `b` and `c`';
}

function renderMethod(sig: MethodSignature, example: readonly string[] | undefined, out: string[]): void {
  out.push(`### ${sig.name}`, '');
  out.push('```', formatSignature(sig), '```', '');
  if (sig.aliases.length > 0) out.push(`Also written ${sig.aliases.map((a) => `\`${a}\``).join(', ')}.`, '');
  out.push(sig.doc, '');

  const spaces = spaceFacts(sig);
  const inputs = spaces.inputs.map((i) => `\`${i.name}\`: ${i.space}${i.note ? ` (${i.note})` : ''}`);
  out.push(`Inputs: ${inputs.join('; ')}. Output: ${spaces.output}.${spaces.variable ? ` \`s\` is ${spaces.variable}.` : ''}`, '');

  if (sig.hypers.length > 0) {
    const rows = sig.hypers.map(hyperFacts);
    const legacy = rows.some((r) => r.legacyDefault !== undefined);
    const header = ['hyperparameter', 'type', 'default', ...(legacy ? ['sd-mecha 0.0.x default'] : []), 'range', 'per key', 'meaning'];
    out.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
    for (const r of rows) {
      const cells = [
        `\`${r.name}\``,
        r.type,
        r.default,
        ...(legacy ? [r.legacyDefault ?? ''] : []),
        r.range,
        r.perKey ? 'yes' : 'no',
        r.doc,
      ];
      out.push(`| ${cells.map(cell).join(' | ')} |`);
    }
    out.push('');
  } else {
    out.push('No hyperparameters.', '');
  }

  if (sig.legacyRenames) {
    const renames = Object.entries(sig.legacyRenames.renames).map(([from, to]) => `\`${from}\` as \`${to}\``);
    out.push(`A legacy call that uses \`${sig.legacyRenames.marker}\` is read with ${renames.join(', ')}.`, '');
  }
  if (example) out.push(`${exampleLabel(example)}:`, '', '```mecha', ...example, '```', '');
}

/**
 * The whole reference: an introduction, a table of contents, then every method by family with its signature,
 * spaces, hyperparameters, paragraph and example.
 */
export function renderMethodReference(
  methods: readonly MethodSignature[],
  examples: ReadonlyMap<string, readonly string[]>,
): string {
  const out: string[] = [];
  out.push(
    '# Merge methods',
    '',
    `<!-- Generated from the registry (src/registry/methods) by \`${METHOD_DOC_COMMAND}\`; do not edit. -->`,
    '',
    'Every merge method mecha knows, grouped by family. A signature reads',
    '`name(model parameters, hyperparameters) -> output space`. Models are in a merge space: `weight` (a full',
    'model), `delta` (a difference of two models, from `subtract`) or `param` (a value rather than a model); a',
    'parameter typed `s` takes whichever space the call binds it to, the same for all of them. A hyperparameter',
    'marked "per key" also takes per-block and per-class values (`blocks(...)`, `classes(...)`, `default(...)`,',
    'joined by `|`); the others take one value. Where sd-mecha 0.0.x used another default, legacy recipes get that',
    'one. Each example is a recipe the tests check and run.',
    '',
    'A LoRA (`: sd1 lora`) is a delta: any `delta` or `s` parameter takes it. For a key the LoRA does not adapt, a',
    "method has no delta to work with and returns, as sd-mecha 0.0.x did, its first argument already computed in its",
    'own space (`add_difference(base, lora)` keeps the base\'s value), else the key of the first model of the recipe',
    'that has it (see [LoRA files](language.md#lora-files)).',
    '',
  );
  const groups = byFamily(methods);
  for (const [family, members] of groups) {
    const title = FAMILY_TITLES[family] ?? family;
    out.push(`- [${title}](#${anchor(title)}): ${members.map((m) => `[${m.name}](#${anchor(m.name)})`).join(', ')}`);
  }
  out.push('');
  for (const [family, members] of groups) {
    out.push(`## ${FAMILY_TITLES[family] ?? family}`, '');
    for (const m of members) renderMethod(m, examples.get(m.name), out);
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
