import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { Document, ParamDecl } from '../../ast/nodes.js';
import { CHECK } from '../../diagnostics/codes/check.js';
import { compareDiagnostics, createDiagnostic, type Diagnostic, type TextEdit } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { formatText } from '../../format/format.js';
import { convertToV1, type MethodLookup } from '../../format/to-v1.js';
import { buildGraph } from '../../graph/build.js';
import type { RecipeGraph } from '../../graph/types.js';
import { parse } from '../../parser/parse.js';
import { createRegistry, suggest, type Registry } from '../../registry/index.js';
import { check } from '../../typecheck/check.js';
import { SCALAR_PARAM_TYPES } from '../../typecheck/scalar-params.js';
import { quote } from '../../typecheck/fixes.js';
import { SafetensorsError } from '../../runtime/errors.js';
import { OutputTargetError, resolveOutputTarget } from '../../runtime/files/output-target.js';
import { writeFileAtomic } from '../../runtime/files/write-file-atomic.js';
import { assertDistinctOutput } from '../../runtime/safetensors/distinct-output.js';
import { createFileHost, modelsDirsOf } from '../../merge/models-dirs.js';
import { cleanStaleTemps } from '../stale-temps.js';
import { readRecipeFile, recipeReadProblem } from '../read-recipe.js';
import type { RegisterCommand } from './index.js';

export interface ComposeOptions {
  /** `-p name=value`, in order: a value ending in `.mecha` is a recipe, anything else a model path. */
  readonly params: readonly string[];
  /** Where to write the result; stdout when absent. */
  readonly output?: string | undefined;
  readonly modelsDirs?: readonly string[];
  /** Skip the file checks of the composed recipe. */
  readonly noFs?: boolean;
}

export interface ComposeIO {
  out(text: string): void;
  err(text: string): void;
  readonly color?: boolean;
  /** The command whose `-p` is being filled, which signs the messages (`compose` when absent). */
  readonly command?: string;
  /** Told the path of every recipe file read (the template and the recipes filled in). */
  read?(path: string): void;
}

/** What went wrong while composing, for the command to print. */
class ComposeError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly diagnostics?: { readonly file: string; readonly text: string; readonly list: readonly Diagnostic[] },
  ) {
    super(message);
  }
}

/** A filled recipe as version 1 text, before formatting. */
interface Composed {
  readonly text: string;
  readonly document: Document;
  readonly graph: RecipeGraph;
}

/**
 * `mechac compose R.mecha -p name=x.mecha -p name=model.safetensors -o out.mecha`: fills a template's `param` holes
 * (v1 `param`, legacy `parameter`) with models or with other recipes, whose output becomes the param's value and
 * whose names are kept (renamed where they clash). A `-p` fills every param of that name, in the inserted recipes
 * too. The result is checked and written formatted as version 1. Returns the exit code: 0, 1 for errors in a
 * recipe or the result (unknown param names, cycles), 2 for usage errors.
 */
export function runCompose(file: string, options: ComposeOptions, io: ComposeIO, registry: Registry = createRegistry()): number {
  const me = `mechac ${io.command ?? 'compose'}`;
  const fills = new Map<string, string>();
  for (const entry of options.params) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq).trim();
    if (eq <= 0 || name === '' || entry.slice(eq + 1) === '') {
      io.err(`${me}: -p takes name=value (a model path or a .mecha recipe), not '${entry}'\n`);
      return 2;
    }
    if (fills.has(name)) {
      io.err(`${me}: param '${name}' is given twice\n`);
      return 2;
    }
    fills.set(name, entry.slice(eq + 1));
  }

  const used = new Set<string>();
  const seen = new Set<string>();
  let composed: Composed;
  const sources: string[] = [];
  try {
    // Model paths given with -p are the user's, typed from here; the composed recipe finds them from `base`.
    const base = dirname(resolve(options.output ?? file));
    composed = compose(resolve(file), file, fills, [], used, seen, (name) => registry.method(name), sources, base);
    for (const source of sources) io.read?.(source);
    const unknown = [...fills.keys()].filter((name) => !used.has(name));
    if (unknown.length > 0) {
      const messages = unknown.map((name) => {
        const suggestion = suggest(name, seen);
        return `no param named '${name}' in ${file}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`;
      });
      throw new ComposeError(messages.join('\n'), 1);
    }
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    if (error.diagnostics) {
      const d = error.diagnostics;
      io.err(renderDiagnostics(d.list, d.text, d.file, { color: io.color === true }));
    }
    io.err(`${me}: ${error.message}\n`);
    return error.exitCode;
  }

  const refusal = options.output === undefined ? undefined : outputRefusal(options.output, sources);
  if (refusal !== undefined) {
    io.err(`${me}: nothing was written: ${refusal}\n`);
    return 2;
  }

  const formatted = formatText(composed.text).text;
  const name = options.output ?? '<composed>';
  const parsed = parse(formatted);
  const host = options.noFs
    ? undefined
    : createFileHost({ modelsDirs: options.modelsDirs ?? [], recipeDir: dirname(resolve(options.output ?? file)) });
  const result = check(parsed.document, registry, host, { text: formatted });
  const unfilled = result.graph.nodes
    .filter((n) => n.kind === 'param')
    .map((n) =>
      createDiagnostic(CHECK.UnfilledParam, n.nameSpan ?? n.span, { name: n.kind === 'param' ? n.name : '' }, {
        severity: 'warning',
        help: 'the composed recipe is still a template: fill it with another -p',
      }),
    );
  const diagnostics = [...parsed.diagnostics, ...result.diagnostics, ...unfilled].sort(compareDiagnostics);
  if (diagnostics.length > 0) io.err(renderDiagnostics(diagnostics, formatted, name, { color: io.color === true }));
  if (diagnostics.some((d) => d.severity === 'error')) {
    io.err(`${me}: the composed recipe has errors; nothing was written\n`);
    return 1;
  }
  if (options.output === undefined) {
    io.out(formatted);
    return 0;
  }
  try {
    cleanStaleTemps(options.output, io.err);
    writeFileAtomic(options.output, formatted);
  } catch (error) {
    io.err(`${me}: cannot write ${options.output}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  return 0;
}

/** Why `output` cannot be written (a FIFO, a device, one of the recipes read), before any work is shown. */
function outputRefusal(output: string, sources: readonly string[]): string | undefined {
  try {
    resolveOutputTarget(output);
    assertDistinctOutput(output, sources);
    return undefined;
  } catch (error) {
    if (error instanceof SafetensorsError || error instanceof OutputTargetError) return error.message;
    throw error;
  }
}

/**
 * A recipe with its params filled, recursively; `stack` holds the recipes being filled, to find cycles, and
 * `sources` gathers every recipe file read.
 */
function compose(
  path: string,
  shown: string,
  fills: ReadonlyMap<string, string>,
  stack: readonly string[],
  used: Set<string>,
  seen: Set<string>,
  methods: MethodLookup,
  sources: string[],
  base: string,
): Composed {
  sources.push(path);
  const recipe = readV1(path, shown, methods);
  const edits: TextEdit[] = [];
  const taken = new Set(recipe.graph.bindings.map((b) => b.name));
  for (const statement of recipe.document.statements) {
    if (statement.kind !== 'ParamDecl') continue;
    const name = statement.name.name;
    seen.add(name);
    const value = fills.get(name);
    if (value === undefined) continue;
    used.add(name);
    if (isScalarType(statement)) {
      edits.push({ span: statement.span, newText: `let ${name} = ${scalarLiteral(value)}` });
      continue;
    }
    if (!value.endsWith('.mecha')) {
      edits.push({ span: statement.span, newText: `model ${name} = ${quote(modelPath(value, base))}${annotation(statement)}` });
      continue;
    }
    const subPath = resolve(value);
    const chain = [...stack, path];
    if (chain.includes(subPath)) {
      const cycle = [...chain.slice(chain.indexOf(subPath)), subPath].map((p) => (p === path ? shown : p));
      throw new ComposeError(`-p ${name}=${value} makes a cycle: ${cycle.join(' -> ')}`, 1);
    }
    const sub = compose(subPath, value, fills, chain, used, seen, methods, sources, base);
    edits.push({ span: statement.span, newText: `# ${name}: ${value}\n${inlined(sub, name, taken)}` });
  }
  const text = applyEdits(recipe.text, edits);
  const reparsed = parse(text);
  return { text, document: reparsed.document, graph: buildGraph(reparsed.document, text).graph };
}

/** A recipe as version 1 text, its document and graph; legacy recipes are converted. Errors stop the composition. */
function readV1(path: string, shown: string, methods: MethodLookup): Composed {
  let text: string;
  try {
    text = readRecipeFile(path);
  } catch (error) {
    throw new ComposeError(recipeReadProblem(shown, error), 2);
  }
  let parsed = parse(text);
  const stop = (list: readonly Diagnostic[], source: string) => {
    if (list.some((d) => d.severity === 'error')) {
      throw new ComposeError(`${shown} has errors`, 1, { file: shown, text: source, list });
    }
  };
  stop(parsed.diagnostics, text);
  if (parsed.document.dialect !== 'v1') {
    const converted = convertToV1(parsed.document, text, methods);
    if (converted.text === undefined) stop(converted.diagnostics, text);
    text = converted.text ?? text;
    parsed = parse(text);
    stop(parsed.diagnostics, text);
  }
  const built = buildGraph(parsed.document, text);
  stop(built.diagnostics, text);
  return { text, document: parsed.document, graph: built.graph };
}

/** `param strength : number`: filled with a value, not a model. */
function isScalarType(statement: ParamDecl): boolean {
  return statement.type !== undefined && statement.type.space === undefined && SCALAR_PARAM_TYPES.includes(statement.type.arch.name);
}

/** `0.3`, `true` and `null` as written; anything else as a quoted string. */
function scalarLiteral(value: string): string {
  const trimmed = value.trim();
  if (/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) || ['true', 'false', 'null'].includes(trimmed)) return trimmed;
  return quote(value);
}

/**
 * A model path from the command line: one that names a file from the current folder is rewritten relative to
 * `base`, where the composed recipe's relative paths are looked for; any other is kept as a name for the models
 * directories.
 */
function modelPath(value: string, base: string): string {
  if (isAbsolute(value) || !CANDIDATE_SUFFIXES.some((suffix) => existsSync(value + suffix))) return value;
  const fromBase = relative(base, resolve(value));
  return fromBase === '' || isAbsolute(fromBase) ? resolve(value) : fromBase.split(sep).join('/');
}

const CANDIDATE_SUFFIXES = ['', '.safetensors'];

/** ` : sd1 delta`, as the param declared it. */
function annotation(statement: ParamDecl): string {
  const type = statement.type;
  if (!type) return '';
  return ` : ${type.arch.name}${type.space ? ` ${type.space.name}` : ''}`;
}

/**
 * The statements of a filled recipe, ready to stand where a param was: its output is bound to the param's name,
 * its other names are kept unless they clash with names of the recipe it goes into (`mix` becomes `mix_2`), and
 * its `version` header and `output` statement go.
 */
function inlined(sub: Composed, param: string, taken: Set<string>): string {
  const graph = sub.graph;
  const outputBinding = outputBindingOf(sub);
  const names = new Map<number, string>();
  graph.bindings.forEach((binding, index) => {
    if (binding.duplicate) return;
    if (index === outputBinding) {
      names.set(index, param);
      return;
    }
    let name = binding.name;
    for (let k = 2; taken.has(name) || name === param; k++) name = `${binding.name}_${k}`;
    taken.add(name);
    names.set(index, name);
  });

  const edits: TextEdit[] = [];
  graph.bindings.forEach((binding, index) => {
    const name = names.get(index);
    if (name !== undefined && name !== binding.name) edits.push({ span: binding.nameSpan, newText: name });
  });
  for (const use of graph.uses) {
    const name = use.binding === undefined ? undefined : names.get(use.binding);
    if (name !== undefined && name !== use.text) edits.push({ span: use.span, newText: name });
  }
  const version = sub.document.version;
  if (version) edits.push({ span: { start: version.span.start, end: lineEnd(sub.text, version.span.end) }, newText: '' });
  for (const statement of sub.document.statements) {
    if (statement.kind !== 'OutputDecl') continue;
    if (outputBinding !== undefined) {
      edits.push({ span: { start: statement.span.start, end: lineEnd(sub.text, statement.span.end) }, newText: '' });
    } else {
      // `output weighted_sum(...)`: the expression becomes the param's binding.
      edits.push({ span: { start: statement.span.start, end: statement.value.span.start }, newText: `let ${param} = ` });
    }
  }
  return applyEdits(sub.text, edits).trim();
}

/** The binding the recipe's output names (`output out`, or the last `let`), if the output is a name. */
function outputBindingOf(sub: Composed): number | undefined {
  const output = sub.document.statements.find((s) => s.kind === 'OutputDecl');
  if (output?.kind === 'OutputDecl') {
    if (output.value.kind !== 'Identifier') return undefined;
    const use = sub.graph.uses.find((u) => u.span.start === output.value.span.start);
    return use?.binding;
  }
  let last: number | undefined;
  sub.graph.bindings.forEach((b, i) => {
    if (b.kind === 'let' && !b.duplicate) last = i;
  });
  return last;
}

/** The offset after the line break that ends the line containing `offset`. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  }
  return out;
}

const EXAMPLES = `
Examples:
  mechac compose template.mecha -p style=my_style.safetensors -o my.mecha
  mechac compose template.mecha -p style=other_recipe.mecha          print the composed recipe
`;

export const registerCompose: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('compose')
    .description("fill a recipe's params with models or other recipes, and write the result as version 1")
    .argument('<recipe>', 'the template: a .mecha file with `param` holes')
    .option('-p, --param <name=value>', 'fill a param with a model path or a .mecha recipe (repeatable)', collect, [])
    .option('-o, --output <file>', 'where to write the composed recipe (default: stdout)')
    .option('--models-dir <dir>', 'a directory where model paths are looked for when checking (repeatable)', collect, [])
    .option('--no-fs', 'do not check the model files of the result')
    .addHelpText('after', EXAMPLES)
    .action((recipe: string, opts: { param: string[]; output?: string; modelsDir: string[]; fs: boolean }) => {
      const io: ComposeIO = {
        out: (text) => void process.stdout.write(text),
        err: (text) => void process.stderr.write(text),
        color: process.stderr.isTTY === true,
      };
      setExitCode(
        runCompose(
          recipe,
          {
            params: opts.param,
            output: opts.output,
            modelsDirs: modelsDirsOf(opts.modelsDir, process.env['MECHA_MODELS_DIR']),
            noFs: !opts.fs,
          },
          io,
        ),
      );
    });
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
