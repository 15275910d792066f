import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { compareDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatCode, renderDiagnostics } from '../../diagnostics/render.js';
import { parse } from '../../parser/parse.js';
import { createRegistry, type Registry } from '../../registry/index.js';
import { LineIndex } from '../../text/line-index.js';
import { check } from '../../typecheck/check.js';
import { createFileHost, missingModelsDirs, modelsDirsOf } from '../../merge/models-dirs.js';
import { formatConfigProblem, openProject } from '../../project/config.js';
import { readRecipeFile, recipeReadProblem } from '../read-recipe.js';
import type { RegisterCommand } from './index.js';

export interface CheckCommandOptions {
  readonly format?: 'text' | 'json';
  /** Skip every file check (`--no-fs`). */
  readonly noFs?: boolean;
  /** `--models-dir` (repeatable) then `MECHA_MODELS_DIR`. */
  readonly modelsDirs?: readonly string[];
  readonly allowDelta?: boolean;
}

export interface CheckIO {
  out(text: string): void;
  err(text: string): void;
  readonly color?: boolean;
}

/** One diagnostic as `--format json` prints it: LSP's 0-based range, and 1-based line and column for people. */
export interface JsonDiagnostic {
  readonly file: string;
  readonly range: JsonRange;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly code: number;
  readonly id: string;
  readonly severity: string;
  readonly message: string;
  readonly help?: string;
  readonly fixes: readonly { readonly title: string; readonly edits: readonly { readonly range: JsonRange; readonly newText: string }[] }[];
}

interface JsonRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

/**
 * `mechac check R.mecha...`: parses and type-checks recipes, reading only model headers. Returns the exit code:
 * 0 without errors (warnings are printed), 1 with errors, 2 when a file cannot be read.
 */
export function runCheck(files: readonly string[], options: CheckCommandOptions, io: CheckIO, registry: Registry = createRegistry()): number {
  let errors = 0;
  let warnings = 0;
  let unreadable = false;
  let read = 0;
  const json: JsonDiagnostic[] = [];

  for (const file of files) {
    const text = readRecipe(file, io);
    if (text === undefined) {
      unreadable = true;
      continue;
    }
    const project = openProject(dirname(resolve(file)), registry);
    if (project.config !== undefined && project.config.problems.length > 0) {
      for (const problem of project.config.problems) io.err(`${formatConfigProblem(problem)}\n`);
      unreadable = true;
      continue;
    }
    read++;
    const parsed = parse(text);
    const modelsDirs = [...(options.modelsDirs ?? []), ...(project.config?.modelsDirs ?? [])];
    const host = options.noFs ? undefined : createFileHost({ modelsDirs, recipeDir: dirname(file) });
    const result = check(parsed.document, project.registry, host, { text, allowDelta: options.allowDelta === true });
    const diagnostics = [...parsed.diagnostics, ...result.diagnostics].sort(compareDiagnostics);
    errors += diagnostics.filter((d) => d.severity === 'error').length;
    warnings += diagnostics.filter((d) => d.severity === 'warning').length;
    if (options.format === 'json') for (const entry of toJson(diagnostics, text, file)) json.push(entry);
    else if (diagnostics.length > 0) io.out(renderDiagnostics(diagnostics, text, file, { color: io.color === true }) + '\n');
  }

  if (options.format === 'json') io.out(JSON.stringify(json, null, 2) + '\n');
  // Files that could not be read were reported; a summary counting them as clean would contradict that.
  else if (read > 0) io.out(`${summary(errors, warnings, read)}\n`);
  return unreadable ? 2 : errors > 0 ? 1 : 0;
}

/** `2 errors, 1 warning in 3 files` */
export function summary(errors: number, warnings: number, files: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`;
}

export function toJson(diagnostics: readonly Diagnostic[], text: string, file: string): JsonDiagnostic[] {
  const lines = new LineIndex(text);
  const range = (span: { start: number; end: number }): JsonRange => ({
    start: lines.positionAt(span.start),
    end: lines.positionAt(span.end),
  });
  return diagnostics.map((d) => {
    const r = range(d.span);
    return {
      file,
      range: r,
      line: r.start.line + 1,
      column: r.start.character + 1,
      endLine: r.end.line + 1,
      endColumn: r.end.character + 1,
      code: d.code,
      id: d.id,
      severity: d.severity,
      message: d.message,
      ...(d.help !== undefined ? { help: d.help } : {}),
      fixes: (d.fixes ?? []).map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((edit) => ({ range: range(edit.span), newText: edit.newText })),
      })),
    };
  });
}

function readRecipe(file: string, io: CheckIO): string | undefined {
  try {
    return readRecipeFile(file);
  } catch (error) {
    io.err(`mechac check: ${recipeReadProblem(file, error)}\n`);
    return undefined;
  }
}

const EXAMPLES = `
Examples:
  mechac check recipe.mecha                      check a recipe, reading model headers
  mechac check --models-dir ~/models *.mecha     where relative model paths are found (also MECHA_MODELS_DIR)
  mechac check --no-fs recipe.mecha              skip every file check (CI without the models)
  mechac check --format json recipe.mecha        diagnostics as JSON, for tools

Exit codes: 0 no errors (warnings are printed), 1 errors, 2 a file could not be read.
Diagnostic codes: ${formatCode(1001)}.. syntax, 2xxx names, 3xxx types, 4xxx architectures and blocks, 5xxx files.
`;

export const registerCheck: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('check')
    .description('parse and type-check recipes without loading any weights (only model headers are read)')
    .argument('<files...>', '.mecha files to check')
    .option('--format <format>', 'text (code frames) or json', 'text')
    .option('--no-fs', 'skip the checks that read model files')
    .option('--models-dir <dir>', 'a directory where model paths are looked for (repeatable)', collect, [])
    .option('--allow-delta', 'accept a delta as the output, as `run --allow-delta` does')
    .addHelpText('after', EXAMPLES)
    .action((files: string[], opts: { format: string; fs: boolean; modelsDir: string[]; allowDelta?: boolean }) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        process.stderr.write(`mechac check: unknown format '${opts.format}'; use text or json\n`);
        setExitCode(2);
        return;
      }
      for (const dir of missingModelsDirs(opts.modelsDir)) {
        process.stderr.write(`mechac check: --models-dir ${dir}: no such folder\n`);
        setExitCode(2);
        return;
      }
      const io: CheckIO = {
        out: (text) => void process.stdout.write(text),
        err: (text) => void process.stderr.write(text),
        color: process.stdout.isTTY === true,
      };
      setExitCode(
        runCheck(
          files,
          {
            format: opts.format,
            noFs: !opts.fs,
            modelsDirs: modelsDirsOf(opts.modelsDir, process.env['MECHA_MODELS_DIR']),
            allowDelta: opts.allowDelta === true,
          },
          io,
        ),
      );
    });
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
