import type { Command } from 'commander';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { formatText } from '../../format/format.js';
import { createRegistry } from '../../registry/registry.js';
import { OutputTargetError } from '../../runtime/files/output-target.js';
import { writeFileAtomic } from '../../runtime/files/write-file-atomic.js';
import { cleanStaleTemps } from '../stale-temps.js';
import { readRecipeFile, recipeReadProblem } from '../read-recipe.js';
import type { RegisterCommand } from './index.js';

export interface FmtOptions {
  /** Report files that would change (exit 1) instead of writing them. */
  readonly check?: boolean;
  /** Convert legacy recipes to version 1. */
  readonly to?: 'v1';
  /** Print the formatted text instead of writing the file. */
  readonly stdout?: boolean;
  /** With `to`, rewrite the files in place; a conversion is printed otherwise, to leave sd-mecha's files alone. */
  readonly write?: boolean;
}

/** Where `fmt` reads and writes besides the files: the process streams in the CLI, buffers in tests. */
export interface FmtIO {
  readStdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
  /** Colour the diagnostics (a terminal). */
  readonly color?: boolean;
}

/**
 * `mechac fmt`: formats files in place (conversions with `--to v1` are printed unless `--write`), or stdin to
 * stdout when no file is given. Returns the exit code:
 * 0 when every file is formatted (or, with `--check`, already was), 1 when a file has syntax errors or would
 * change, 2 when a file cannot be read or written.
 */
export async function runFmt(files: readonly string[], options: FmtOptions, io: FmtIO): Promise<number> {
  const registry = options.to === 'v1' ? createRegistry() : undefined;
  const convert = registry ? { to: 'v1' as const, methods: (name: string) => registry.method(name) } : {};
  if (files.length === 0) {
    const text = await io.readStdin();
    const result = formatText(text, convert);
    if (report(result.diagnostics, text, '<stdin>', io)) {
      if (!options.check) io.out(text);
      return 1;
    }
    if (options.check) {
      if (result.text === text) return 0;
      io.out('<stdin>\n');
      return 1;
    }
    io.out(result.text);
    return 0;
  }

  let code = 0;
  for (const file of files) {
    const text = readText(file, io);
    if (text === undefined) {
      code = Math.max(code, 2);
      continue;
    }
    const result = formatText(text, convert);
    if (report(result.diagnostics, text, file, io)) {
      code = Math.max(code, 1);
      continue;
    }
    if (options.check) {
      if (result.text !== text) {
        io.out(`${file}\n`);
        code = Math.max(code, 1);
      }
    } else if (options.stdout || (options.to === 'v1' && !options.write)) {
      io.out(result.text);
    } else if (result.text !== text) {
      try {
        cleanStaleTemps(file, io.err);
        writeFileAtomic(file, result.text);
      } catch (error) {
        io.err(`mechac fmt: cannot write ${file}: ${reason(error)}; the file is unchanged\n`);
        code = Math.max(code, 2);
      }
    }
  }
  return code;
}

/** Prints the errors (and warnings alongside them) of a file; true when there was an error. */
function report(diagnostics: readonly Diagnostic[], text: string, file: string, io: FmtIO): boolean {
  if (!diagnostics.some((d) => d.severity === 'error')) return false;
  io.err(renderDiagnostics(diagnostics, text, file, { color: io.color === true }));
  return true;
}

function readText(file: string, io: FmtIO): string | undefined {
  try {
    return readRecipeFile(file);
  } catch (error) {
    io.err(`mechac fmt: ${recipeReadProblem(file, error)}\n`);
    return undefined;
  }
}

function reason(error: unknown): string {
  if (error instanceof OutputTargetError) return error.detail;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on device';
  return error instanceof Error ? error.message : String(error);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const EXAMPLES = `
Examples:
  mechac fmt recipe.mecha                 format a recipe in place
  mechac fmt --check recipes/*.mecha      list the files that are not formatted (exit 1), for CI
  mechac fmt --to v1 old.mecha            print a legacy sd-mecha recipe converted to version 1
  mechac fmt --to v1 --write old.mecha    convert it in place
  mechac fmt < recipe.mecha               format stdin to stdout
`;

export const registerFmt: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('fmt')
    .description('format recipes in canonical layout; convert legacy recipes with --to v1')
    .argument('[files...]', '.mecha files to format in place (none: read stdin, write stdout)')
    .option('--check', 'write nothing; list the files that would change and exit 1 if any')
    .option('--to <dialect>', 'convert legacy recipes to this dialect (only v1)')
    .option('--stdout', 'print the formatted text instead of writing the files')
    .option('--write', 'with --to, rewrite the files in place (a conversion is printed otherwise)')
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], opts: { check?: boolean; to?: string; stdout?: boolean; write?: boolean }) => {
      if (opts.to !== undefined && opts.to !== 'v1') {
        process.stderr.write(`mechac fmt: unknown dialect '${opts.to}' for --to; the only one is v1\n`);
        setExitCode(2);
        return;
      }
      const io: FmtIO = {
        readStdin,
        out: (text) => void process.stdout.write(text),
        err: (text) => void process.stderr.write(text),
        color: process.stderr.isTTY === true,
      };
      const options: FmtOptions = {
        check: opts.check,
        stdout: opts.stdout,
        write: opts.write,
        ...(opts.to === 'v1' ? { to: 'v1' } : {}),
      };
      setExitCode(await runFmt(files, options, io));
    });
};
