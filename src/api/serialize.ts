import { formatText } from '../format/format.js';
import { quote } from '../typecheck/fixes.js';
import { isRecipe, type Hyper, type HyperMapPart, type Recipe, type RecipeInput } from './recipe.js';

/** Words a v1 name cannot be. */
const KEYWORDS = new Set(['model', 'param', 'let', 'output', 'version', 'true', 'false', 'null']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A block or class name in a hyper map: a name, `*` patterns allowed. */
const ENTRY_NAME = /^[A-Za-z_*][A-Za-z0-9_*]*$/;
const TARGET = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** A recipe that cannot be written as `.mecha` text (a name that is not one, a number that is not finite). */
export class RecipeValueError extends Error {
  override readonly name = 'RecipeValueError';
}

/**
 * The recipe as version 1 `.mecha` text, formatted: one `model` or `param` line per input, one `let` per call
 * (an object used twice is bound once), then `output`. Running the text merges exactly what `merge` merges.
 */
export function serialize(recipe: RecipeInput): string {
  const writer = new TextWriter();
  const output = writer.value(recipe);
  const text = `version 1\n${writer.lines.join('\n')}\noutput ${output}\n`;
  const formatted = formatText(text);
  return formatted.diagnostics.length === 0 ? formatted.text : text;
}

class TextWriter {
  readonly lines: string[] = [];
  private readonly bound = new Map<Recipe | string, string>();
  private readonly taken = new Set<string>();
  private merges = 0;

  /** The name bound to a recipe, writing its line (and its inputs' lines) on first sight. */
  value(input: RecipeInput): string {
    const known = this.bound.get(input);
    if (known !== undefined) return known;
    let name: string;
    if (typeof input === 'string') {
      name = this.fresh(baseName(input));
      this.lines.push(`model ${name} = ${quote(input)}`);
    } else if (!isRecipe(input)) {
      throw new RecipeValueError(`not a recipe: ${describe(input)}`);
    } else if (input.kind === 'model') {
      name = this.fresh(input.name ?? baseName(input.path));
      this.lines.push(`model ${name} = ${quote(input.path)}${annotation(input.arch, input.space)}`);
    } else if (input.kind === 'param') {
      name = this.claim(input.name);
      this.lines.push(`param ${name}${annotation(input.arch, input.space)}`);
    } else {
      const args = input.inputs.map((i) => this.value(i));
      for (const [hyper, value] of Object.entries(input.hypers)) {
        if (!NAME.test(hyper)) throw new RecipeValueError(`'${hyper}' is not a hyperparameter name`);
        args.push(`${hyper}=${hyperText(value)}`);
      }
      if (!NAME.test(input.method)) throw new RecipeValueError(`'${input.method}' is not a method name`);
      name = input.name !== undefined ? this.fresh(input.name) : this.fresh(`merge${++this.merges}`);
      this.lines.push(`let ${name} = ${input.method}(${args.join(', ')})`);
    }
    this.bound.set(input, name);
    return name;
  }

  /** `wanted`, or `wanted_2`, `wanted_3`... when it is taken. */
  private fresh(wanted: string): string {
    let name = NAME.test(wanted) && !KEYWORDS.has(wanted) ? wanted : `m_${wanted.replace(/[^A-Za-z0-9_]/g, '_')}`;
    const base = name;
    for (let k = 2; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  /** A param's name is the name `compose -p` fills: it is kept as it is or refused. */
  private claim(name: string): string {
    if (!NAME.test(name) || KEYWORDS.has(name)) throw new RecipeValueError(`'${name}' is not a param name`);
    if (this.taken.has(name)) throw new RecipeValueError(`two params or inputs are named '${name}'`);
    this.taken.add(name);
    return name;
  }
}

/** `models/ghostmix_v20.safetensors` -> `ghostmix_v20`. */
function baseName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(/\.safetensors$/, '').replace(/[^A-Za-z0-9_]/g, '_') || 'model';
}

function annotation(arch: string | undefined, space: string | undefined): string {
  if (arch === undefined) {
    if (space !== undefined && space !== 'weight') throw new RecipeValueError(`a ${space} input needs its architecture`);
    return '';
  }
  if (!TARGET.test(arch)) throw new RecipeValueError(`'${arch}' is not an architecture name`);
  return ` : ${arch}${space !== undefined && space !== 'weight' ? ` ${space}` : ''}`;
}

function hyperText(value: Hyper): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'object' && value.kind === 'hyper-map') {
    if (value.parts.length === 0) throw new RecipeValueError('an empty hyper map');
    return value.parts.map(partText).join(' | ');
  }
  throw new RecipeValueError(`not a hyperparameter value: ${describe(value)}`);
}

function partText(part: HyperMapPart): string {
  if (!TARGET.test(part.target)) throw new RecipeValueError(`'${part.target}' is not an architecture or component`);
  if (part.kind === 'default') return `default(${part.target}, ${numberText(part.value)})`;
  if (part.kind === 'mbw') return `mbw(${part.target}, ${quote(part.values)})`;
  const entries = Object.entries(part.entries).map(([name, value]) => {
    if (!ENTRY_NAME.test(name)) throw new RecipeValueError(`'${name}' is not a block or class name`);
    return `${name}=${numberText(value)}`;
  });
  return `${part.kind}(${[part.target, ...entries].join(', ')})`;
}

/** The shortest decimal that reads back as the same double. */
function numberText(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RecipeValueError(`${String(value)} is not a finite number`);
  return String(value);
}

function describe(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) ?? String(value) : String(value);
}
