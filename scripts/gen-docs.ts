/**
 * Writes the generated sections of docs/language.md: the architectures with their components, blocks and classes
 * (from the registry), the merge methods with their signatures, and the reference of every diagnostic with an
 * example taken from the test fixtures. The hand-written text around the markers is kept.
 *
 *     npx tsx scripts/gen-docs.ts          rewrite docs/language.md
 *     npx tsx scripts/gen-docs.ts --check  exit 1 if it is out of date
 *
 * A test runs the same generation and compares, so a new diagnostic or architecture cannot go undocumented.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileHost } from '../src/merge/models-dirs.js';
import { CATALOG } from '../src/diagnostics/catalog.js';
import type { Diagnostic, DiagnosticKind } from '../src/diagnostics/diagnostic.js';
import { formatCode, renderDiagnostic } from '../src/diagnostics/render.js';
import { formatText } from '../src/format/format.js';
import { buildGraph } from '../src/graph/build.js';
import { parse } from '../src/parser/parse.js';
import { createRegistry, formatSignature, type Registry } from '../src/registry/index.js';
import { check } from '../src/typecheck/check.js';
import type { CheckOptions } from '../src/typecheck/types.js';
import { compactNames } from '../src/typecheck/compact-names.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
export const DOC = join(ROOT, 'docs', 'language.md');

/** What to do about each diagnostic, in a sentence or two. Every catalog entry needs one. */
export const REMEDIES: Readonly<Record<string, string>> = {
  'unexpected-character': 'Remove the character, or put it inside a string or a `#` comment.',
  'unterminated-string': 'Close the string with `"` on the same line; write `\\"` for a quote inside it.',
  'misquoted-string': 'Use straight double quotes `"..."` (editors and chat tools often turn them into curly ones).',
  'invalid-escape': 'Only `\\"` and `\\\\` are escapes; write a backslash as `\\\\` (Windows paths: `"C:\\\\models\\\\a"`).',
  'malformed-number': 'Write numbers as `0.5`, `-1`, `1e-6`.',
  'missing-reference-number': 'Follow `&` with the number of an earlier line: `&0` is the first statement.',
  'malformed-reference': 'A reference is `&` and a line number, as `&3`.',
  'unclosed-parenthesis': "Add the missing `)`; the message says where the `(` it closes is.",
  'unmatched-parenthesis': 'Remove the `)` or add the `(` it was meant to close.',
  'missing-keyword-value': 'Give the keyword a value (`alpha=0.5`) or remove it.',
  'expected-value': 'Write a value there: a name, a number, a string, or a call.',
  'expected-token': 'Add what the message names; the code frame shows where it was expected.',
  'unexpected-token': 'Remove the token, or add what is missing before it (often a `,` or an operator).',
  'missing-comma': 'Separate arguments with `,`.',
  'empty-argument': 'Remove the extra `,` or write the missing argument.',
  'positional-after-keyword': 'Put the models first and the `name=value` hyperparameters after them.',
  'invalid-name': 'Names are ASCII letters, digits and `_`, and do not start with a digit: `v1_5`, not `1_5`.',
  'invalid-keyword-name': 'Hyperparameter names are plain names; block patterns may use `*` (`out*=0.1`).',
  'expected-statement': 'Each line starts with a statement keyword: `model`, `param`, `let`, `output` (or, in sd-mecha files, `model`, `merge`, `dict`, ...).',
  'unknown-command': 'Use one of the commands the message lists; the fix corrects a misspelt one.',
  'command-not-in-dialect': 'The statement belongs to the other sd-mecha dialect: change the `version` header, or write it the way this dialect does.',
  'legacy-statement-in-v1': 'Write the statement in version 1 (`let x = weighted_sum(a, b)`), or drop the `version 1` header for an sd-mecha file; `mechac fmt --to v1` converts whole files.',
  'v1-statement-in-legacy': 'Write the statement the sd-mecha way, or convert the file with `mechac fmt --to v1`.',
  'reference-in-v1': 'In version 1, give the value a name with `let` and use the name.',
  'name-in-legacy': 'sd-mecha files refer to earlier lines as `&N`; names exist only in version 1.',
  'unsupported-version': 'Use `version 1`, or `version 0.1.0` for sd-mecha 1.x recipes.',
  'misplaced-version': 'Move the `version` line to the top of the file (comments may come before it).',
  'binary-file': 'Pass the recipe (`.mecha`), not a model file; models are named inside the recipe.',
  'too-many-errors': 'Fix the errors shown first: later ones are often consequences of earlier ones.',
  'too-complex': 'Split the expression into several `let` bindings.',
  'recipe-too-large': 'A recipe is a short text file: check that the file opened is the recipe. The CLI refuses such a file before reading it.',
  'string-too-long': 'Shorten the string; a string this long is usually a missing closing `"` that a later line happened to close.',
  'name-too-long': 'Shorten the name or number: a name or number of more than 1 KiB is never needed.',
  'nesting-too-deep': 'Bind inner calls to names with `let` and use the names; chains of bindings have no length limit.',
  'internal-parser-error': 'This is a bug in mecha. Please report it with the recipe that triggers it.',
  'undefined-name': 'Define the name with `model`, `param` or `let` before using it, or fix its spelling (the fix offers the nearest name).',
  'duplicate-name': 'Give the second definition another name; a name is defined once.',
  'used-before-definition': 'Move the definition above its first use: a recipe is read top to bottom.',
  'unused-binding': 'Use it, or remove it. (The output is the `output` statement or the last `let`.)',
  'reference-out-of-range': 'Refer to an existing line: `&0` is the first statement, and the last is one less than the count.',
  'forward-reference': 'A line can only use the lines above it: reorder the lines.',
  'self-reference': 'Refer to an earlier line instead.',
  'duplicate-output': 'Keep one `output` statement.',
  'no-output': 'Add a `let` binding (the last one is the output) or an `output` statement.',
  'not-convertible': 'Version 1 has no spelling for it; keep the file in its sd-mecha dialect, or rewrite that part by hand.',
  'unknown-method': 'Use a method mecha knows; the fix corrects a misspelt name, `mechac info --methods` lists them all.',
  'unknown-hyperparameter': 'Remove it, or fix its spelling; the help lists the hyperparameters the method takes.',
  'missing-hyperparameter': 'Set it. sd-mecha 0.0.x had no default for a few (the fix adds the value later versions chose).',
  'too-few-models': 'Pass every model the method takes (the help names the missing ones).',
  'too-many-arguments': 'Remove the extra argument, or give a hyperparameter by name.',
  'duplicate-hyperparameter': 'Give each hyperparameter once (a value after the models counts as the first hyperparameter).',
  'wrong-value-type': 'Give a value of the type the message names: a number for `alpha`, `true`/`false` for a flag, an integer for `seed`. A model cannot be a hyperparameter.',
  'expected-model': 'Pass a model (a name, a path string, or a call) there; hyperparameters go by name after the models.',
  'value-out-of-range': 'Use a value within the range; the fix moves it to the nearest bound.',
  'not-per-key': 'Give one number: this hyperparameter cannot vary per block.',
  'wrong-merge-space': 'Convert the argument: `subtract(model, base)` makes a delta from a full model, `add_difference(base, delta)` a full model from a delta.',
  'mixed-merge-spaces': 'Pass models of one space: all full models, or all deltas.',
  'delta-output': 'Add the delta to a base with `add_difference(base, ...)`, or run with `--allow-delta` to save the delta itself.',
  'output-not-model': 'End the recipe with a merge, or name one with `output`.',
  'unknown-merge-space': 'Use `weight` (a full model, sd-mecha `base`), `delta`, `lora` or `param`.',
  'unfilled-param': 'Fill it: `mechac run R.mecha -p name=model.safetensors`, or `mechac compose` with a model or another recipe.',
  'wrong-model-config': '`convert_singleton` takes a `singleton-mecha` literal; give the model itself where it is used.',
  'invalid-choice': 'Use one of the values the message lists.',
  'unsafe-integer': 'Give an integer a double holds exactly (at most 2^53 - 1 in size); any such seed is as good as a larger one.',
  'number-overflow': 'Write a finite number: a double ends near 1.8e308, and a ratio is usually between 0 and 1.',
  'bare-literal': 'Wrap the value in a `dict` line and refer to it, as sd-mecha writes it (`dict key=0.3`, then `literal &N ...`); the fix does it and renumbers the later `&N`.',
  'unknown-architecture': 'Use one of the architectures the help lists (`mechac info` shows them); the fix corrects a misspelling.',
  'mixed-architectures': 'Merge models of one architecture: a call cannot combine sd1 and sdxl weights.',
  'hyper-architecture-mismatch': 'Write the per-block values for the architecture being merged: each architecture has its own blocks and classes.',
  'unknown-component': 'Use a component the architecture merges (the help lists them); sd-mecha 1.x config names such as `clip_l` are offered as their mecha component.',
  'component-not-merged': 'Its keys are copied from the first model, so there is nothing to set; remove the entry.',
  'unknown-block': 'Use a block of that component; the help lists them (`in0..in11, mid, out0..out11` for sd1\'s unet, `in0..in8, mid, out0..out8` for sdxl\'s).',
  'unknown-class': 'Use a class of that component; the help lists them, and says which other component has the class when one does.',
  'mbw-value-count': 'Give one value per slot: 26 for sd1 (BASE, IN00..IN11, M00, OUT00..OUT11), 20 for sdxl.',
  'mbw-unsupported': 'That architecture has no SuperMerger layout; use `blocks(...)`.',
  'mbw-invalid-value': 'The list is numbers separated by commas.',
  'missing-target': 'Start the call with what it sets: `blocks(sd1.unet, ...)`, `mbw(sd1, "...")`, `default(sd1, 0.5)`.',
  'component-required': 'Name the component: `blocks(sd1.unet, in2=0.5)`; both sd1 components have an `in2`.',
  'unknown-model-config': 'Use a config the registry knows (the help lists them); the fix corrects a misspelling.',
  'unknown-dict-key': 'Spell the key `<arch>_<component>_default`, `<arch>_<component>_block_<block>` or `<arch>_<component>_class_<class>`.',
  'mixed-map-architectures': 'Keep the entries of one set of per-block values to one architecture.',
  'invalid-map-entry': 'Write the arguments as the message shows: entries are `name=value`.',
  'missing-default-value': 'Give the value: `default(sd1.unet, 0.5)`.',
  'unknown-tensor-key': 'Use a key the config has (`mechac info <config> -v` lists them); under `singleton-mecha` the only key is `key`.',
  'block-pattern-too-long': 'Shorten the pattern: one `*` covers any run of characters (`out*`); block names are a few characters long.',
  'model-not-found': 'Check the path, pass `--models-dir DIR` or set `MECHA_MODELS_DIR`; the help lists where mecha looked. Running makes this an error.',
  'not-safetensors': 'Give a `.safetensors` file (or a folder of shards with `model.safetensors.index.json`); convert `.ckpt` files first, mecha never unpickles them.',
  'model-not-a-file': 'Point the path at a `.safetensors` file or a folder of shards; named pipes, devices and sockets are refused without being opened.',
  'unrecognised-model': 'The file may be of an architecture mecha does not know, or partial; declare its architecture, or check that it is the file you meant.',
  'header-architecture-mismatch': 'Fix the annotation to what the file is (the fix does), or point the path at the right file.',
  'lora-declared-as-model': 'Declare the model a LoRA (`: sd1 lora`, legacy model type `"lora"`), or leave the space out and mecha reads it as one.',
  'lora-result-as-input': 'Merge the deltas first and call to_lora last: `to_lora(weighted_sum(a, b), rank=32)`, not `weighted_sum(to_lora(a), b)`.',
  'lora-output-architecture': 'Extract LoRAs from sd1 or sdxl models, or save the delta itself with `run --allow-delta`.',
  'not-a-lora': 'Point the path at the LoRA file, or drop `lora` if the file is a full model.',
  'lora-architecture-mismatch': 'Use a LoRA trained for the recipe\'s architecture, or fix the annotation to the one the file is for.',
  'lora-factor-problem': 'The file is damaged or of a kind mecha does not read (LoHa, LoKr, CP, DoRA): re-export it as a plain LoRA / LoCon.',
  'lora-shape-mismatch': 'The LoRA was trained for a model with other dimensions: merge it into a checkpoint of the same family and size.',
  'empty-model-path': 'Write the path of the model file, relative to a models directory.',
  'missing-merged-key': 'Give a complete model of that architecture (the file may be partial, or of another family), or wrap the call in `fallback(..., model)` to take such keys from a model that has them.',
  'shape-mismatch': 'Merge models of the same layout: the file is likely of another model family or converted differently (a linear projection where a 1x1 convolution is expected); convert it, or pick another file.',
};

/** Fixtures whose diagnostics serve as examples, in the order they are searched. */
interface Source {
  readonly name: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** An sd-mecha file that has no version 1 spelling, for the converter's diagnostic. */
const NOT_CONVERTIBLE = `model "ghostmix" "sd1" "base"
model "dreamshaper" "sd1" "base"
dict sd1_unet_blok_in2=0.5
merge "weighted_sum" &0 &1 alpha=&2
`;

function fixtureSources(registry: Registry): Source[] {
  const sources: Source[] = [];
  const dir = (...parts: string[]) => join(ROOT, 'test', 'fixtures', ...parts);
  const mecha = (path: string) => (existsSync(path) ? readdirSync(path).filter((f) => f.endsWith('.mecha')).sort() : []);
  const rel = (path: string) => relative(process.cwd(), path);

  // Version 1 examples first: they are what people write.
  const checks = mecha(dir('check')).sort((a, b) => Number(!a.startsWith('v1-')) - Number(!b.startsWith('v1-')) || a.localeCompare(b));
  for (const name of checks) {
    const text = readFileSync(dir('check', name), 'utf8');
    const optionsPath = dir('check', name.replace(/\.mecha$/, '.options.json'));
    const options = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as CheckOptions & { noFs?: boolean }) : {};
    const host = options.noFs
      ? undefined
      : createFileHost({ modelsDirs: [rel(dir('golden')), rel(dir('check', 'models'))], recipeDir: rel(dir('check')) });
    const parsed = parse(text);
    sources.push({ name, text, diagnostics: [...parsed.diagnostics, ...check(parsed.document, registry, host, { ...options, text }).diagnostics] });
  }
  for (const name of mecha(dir('syntax'))) {
    const text = readFileSync(dir('syntax', name), 'utf8');
    sources.push({ name, text, diagnostics: parse(text).diagnostics });
  }
  for (const name of mecha(dir('graph'))) {
    const text = readFileSync(dir('graph', name), 'utf8');
    const parsed = parse(text);
    sources.push({ name, text, diagnostics: [...parsed.diagnostics, ...buildGraph(parsed.document, text).diagnostics] });
  }
  sources.push({ name: 'old.mecha', text: NOT_CONVERTIBLE, diagnostics: formatText(NOT_CONVERTIBLE, { to: 'v1' }).diagnostics });
  return sources;
}

/** The first diagnostic of a kind in the fixtures (one with a fix if there is one), rendered as `mechac check` shows it. */
function exampleOf(kind: DiagnosticKind, sources: readonly Source[]): string | undefined {
  let found: { source: Source; d: Diagnostic } | undefined;
  for (const source of sources) {
    for (const d of source.diagnostics) {
      if (d.code !== kind.code) continue;
      if (!found) found = { source, d };
      if (d.fixes && d.fixes.length > 0 && !found.d.fixes?.length) found = { source, d };
    }
  }
  if (!found) return undefined;
  // Where a fixture looked for models says nothing to a reader.
  const d = found.d.help?.includes('test/fixtures') ? { ...found.d, help: undefined } : found.d;
  return renderDiagnostic(d, found.source.text, found.source.name);
}

function diagnosticsSection(registry: Registry): string {
  const sources = fixtureSources(registry);
  const groups: [string, (code: number) => boolean][] = [
    ['Syntax (1xxx)', (c) => c < 2000],
    ['Names and references (2xxx)', (c) => c >= 2000 && c < 3000],
    ['Types and signatures (3xxx)', (c) => c >= 3000 && c < 4000],
    ['Architectures, blocks and classes (4xxx)', (c) => c >= 4000 && c < 5000],
    ['Model files (5xxx)', (c) => c >= 5000 && c < 6000],
    ['Running (6xxx)', (c) => c >= 6000],
  ];
  const out: string[] = [];
  for (const [title, inGroup] of groups) {
    const kinds = CATALOG.filter((k) => inGroup(k.code)).sort((a, b) => a.code - b.code);
    if (kinds.length === 0) continue;
    out.push(`### ${title}`, '');
    for (const kind of kinds) {
      out.push(`#### ${formatCode(kind.code)} \`${kind.id}\` (${kind.severity})`, '');
      out.push(`Message: ${kind.template.replace(/\{(\w+)\}/g, '<$1>')}`, '');
      const example = exampleOf(kind, sources);
      if (example) out.push('```text', example, '```', '');
      out.push(`Fix: ${REMEDIES[kind.id] ?? '(not documented)'}`, '');
    }
  }
  return out.join('\n').trimEnd();
}

function architecturesSection(registry: Registry): string {
  const out: string[] = [];
  for (const arch of registry.architectures()) {
    out.push(`### \`${arch.id}\`: ${arch.description}`, '');
    const aliases = arch.aliases.length > 0 ? ` Also written ${arch.aliases.map((a) => `\`${a}\``).join(', ')}.` : '';
    const config = arch.config ? ` Its sd-mecha 1.x config is \`${arch.config.id}\` (components ${arch.config.components.map((c) => `\`${c.name}\``).join(', ')}).` : '';
    out.push(`Merged components: ${arch.components.map((c) => `\`${c.name}\``).join(', ')}.${aliases}${config}`, '');
    out.push('| component | what | blocks | classes |', '|---|---|---|---|');
    for (const c of arch.components) {
      out.push(`| \`${arch.id}.${c.name}\` | ${c.description} | ${compactNames(c.blocks)} | ${c.classes.join(', ')} |`);
    }
    out.push('');
    if (arch.mbw) {
      out.push(`\`mbw(${arch.id}, "...")\` takes ${arch.mbw.length} values: ${arch.mbw.map((s) => s.label).join(', ')}.`, '');
    }
  }
  return out.join('\n').trimEnd();
}

function methodsSection(registry: Registry): string {
  const out: string[] = ['| method | signature |', '|---|---|'];
  for (const m of registry.methods()) {
    const aliases = m.aliases.length > 0 ? ` (also ${m.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
    out.push(`| \`${m.name}\`${aliases} | \`${formatSignature(m).replace(/\|/g, '\\|')}\` |`);
  }
  return out.join('\n');
}

/** Every generated section, by marker name. */
export function generateSections(registry: Registry = createRegistry()): Map<string, string> {
  return new Map([
    ['architectures', architecturesSection(registry)],
    ['methods', methodsSection(registry)],
    ['diagnostics', diagnosticsSection(registry)],
  ]);
}

/** The document with each `<!-- generated: NAME -->` ... `<!-- end generated: NAME -->` section replaced. */
export function updateDoc(text: string, sections: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [name, body] of sections) {
    const start = `<!-- generated: ${name} (scripts/gen-docs.ts) -->`;
    const end = `<!-- end generated: ${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/language.md has no '${start}' ... '${end}' section`);
    out = `${out.slice(0, from + start.length)}\n\n${body}\n\n${out.slice(to)}`;
  }
  return out;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const current = readFileSync(DOC, 'utf8');
  const next = updateDoc(current, generateSections());
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('docs/language.md is out of date: run `npx tsx scripts/gen-docs.ts`\n');
      process.exitCode = 1;
    }
  } else if (next !== current) {
    writeFileSync(DOC, next, 'utf8');
  }
}
