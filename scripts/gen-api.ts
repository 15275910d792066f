/**
 * Writes src/api/methods.ts, the library's function per merge method (`weightedSum(a, b, { alpha })`), typed from
 * the registry's signatures so that the compiler catches what types can tell: a wrong count of models, a delta
 * where a full model is expected, an unknown or mistyped hyperparameter.
 *
 *     npx tsx scripts/gen-api.ts          rewrite src/api/methods.ts
 *     npx tsx scripts/gen-api.ts --check  exit 1 if it is out of date
 *
 * test/api/methods-generated.test.ts renders the same text and fails when the file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry } from '../src/registry/registry.js';
import type { HyperParam, MethodSignature, ModelParam } from '../src/registry/methods/signature.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
export const API_METHODS_FILE = join(ROOT, 'src', 'api', 'methods.ts');

/** Names the library exports besides the methods: a method must not take one. */
const RESERVED = new Set(['model', 'param', 'call', 'blocks', 'classes', 'defaults', 'mbw', 'hyperMap', 'merge', 'plan', 'check', 'parse', 'serialize', 'isRecipe']);

export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel[0]!.toUpperCase() + camel.slice(1);
}

function hyperType(h: HyperParam): string {
  let base: string;
  if (h.type === 'bool') base = 'boolean';
  else if (h.type === 'string') base = h.values ? h.values.map((v) => JSON.stringify(v)).join(' | ') : 'string';
  else base = 'number';
  if (h.perKey) base += ' | HyperMap';
  if (h.default === null) base += ' | null';
  return base;
}

function docComment(text: string, indent = ''): string {
  const words = text.replace(/\*\//g, '* /').split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line.length + word.length + 1 > 110 - indent.length && line !== '') {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`).join('\n')}\n${indent} */\n`;
}

/** The input type of a model parameter, `S` standing for the method's space variable. */
function inputType(m: ModelParam): string {
  switch (m.space) {
    case 's':
      return 'RecipeInput<S>';
    case 'weight':
      return "RecipeInput<'weight'>";
    case 'delta':
      return "RecipeInput<'delta' | 'lora'>";
    default:
      return 'RecipeInput';
  }
}

/** A tuple label that is not a reserved word (`fallback`'s second model is called `default`). */
function label(name: string): string {
  return name === 'default' ? 'fallbackTo' : name;
}

function returnType(sig: MethodSignature): string {
  const r = sig.returns;
  if (typeof r !== 'string') return 'MergeRecipe';
  if (r === 's') return 'MergeRecipe<S>';
  if (r === 'weight' || r === 'delta') return `MergeRecipe<'${r}'>`;
  return 'MergeRecipe';
}

/** Every argument list the method accepts, as tuple types: optional models and a trailing hyperparameter object. */
function argumentTuples(sig: MethodSignature, hypers: string | undefined, hypersRequired: boolean): string[] {
  const fixed = sig.models.filter((m) => !m.optional && !m.variadic);
  const optional = sig.models.filter((m) => m.optional);
  const variadic = sig.models.find((m) => m.variadic);
  const tuples: string[] = [];
  for (let k = 0; k <= optional.length; k++) {
    const parts = [...fixed, ...optional.slice(0, k)].map((m) => `${label(m.name)}: ${inputType(m)}`);
    if (variadic) {
      for (let i = 0; i < variadic.variadic!.min; i++) parts.push(`${label(variadic.name)}${i + 1}: ${inputType(variadic)}`);
      parts.push(`...${label(variadic.name)}: ${inputType(variadic)}[]`);
    }
    if (!hypersRequired) tuples.push(`[${parts.join(', ')}]`);
    if (hypers !== undefined) tuples.push(`[${[...parts, `hypers: ${hypers}`].join(', ')}]`);
  }
  return tuples;
}

function renderMethod(sig: MethodSignature): string {
  const fn = camelCase(sig.name);
  if (RESERVED.has(fn)) throw new Error(`method ${sig.name} would shadow the library's ${fn}`);
  const hypersName = `${pascalCase(sig.name)}Hypers`;
  const fields = sig.hypers.map((h) => {
    const optional = h.default !== undefined;
    const doc = h.doc ? docComment(h.doc + (optional && h.default !== null ? ` (default ${JSON.stringify(h.default)})` : ''), '  ') : '';
    return `${doc}  readonly ${h.name}${optional ? '?' : ''}: ${hyperType(h)};\n`;
  });
  const hypersRequired = sig.hypers.some((h) => h.default === undefined);
  const usesS = sig.models.some((m) => m.space === 's') || sig.returns === 's';
  const allowed = (sig.spaceVariable ?? ['weight', 'delta']).filter((s) => s === 'weight' || s === 'delta');
  const generic = usesS ? `<S extends ${allowed.map((s) => `'${s}'`).join(' | ')} = '${allowed[0]}'>` : '';
  const hasHypers = sig.hypers.length > 0;
  const tuples = argumentTuples(sig, hasHypers ? hypersName : undefined, hypersRequired);
  return (
    (hasHypers ? `export interface ${hypersName} {\n${fields.join('')}}\n\n` : '') +
    docComment(`\`${sig.name}\`: ${sig.doc}`) +
    `export function ${fn}${generic}(...args: ${tuples.join(' | ')}): ${returnType(sig)} {\n` +
    `  return call(${JSON.stringify(sig.name)}, ...(args as unknown as RecipeInput[])) as ${returnType(sig)};\n}\n`
  );
}

export function apiMethodsSource(): string {
  const methods = createRegistry().methods();
  return (
    '// Generated by scripts/gen-api.ts from the registry\'s method signatures: do not edit by hand.\n' +
    "import { call, type HyperMap, type MergeRecipe, type RecipeInput } from './recipe.js';\n\n" +
    methods.map(renderMethod).join('\n')
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = apiMethodsSource();
  let current: string | undefined;
  try {
    current = readFileSync(API_METHODS_FILE, 'utf8');
  } catch {
    current = undefined;
  }
  if (process.argv.includes('--check')) {
    if (current !== text) {
      process.stderr.write('src/api/methods.ts is out of date: run npx tsx scripts/gen-api.ts\n');
      process.exit(1);
    }
  } else if (current !== text) {
    writeFileSync(API_METHODS_FILE, text);
    process.stdout.write('wrote src/api/methods.ts\n');
  }
}
