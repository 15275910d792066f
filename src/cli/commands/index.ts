import type { Command } from 'commander';

/** Registers one command on the program; the action reports its exit code through `setExitCode`. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

/**
 * Every `mechac` command, in the order `--help` lists them. Each is loaded on demand: a command's module pulls in
 * what it needs (the parser, Prettier, the runtime, the language server), and start-up should pay only for the
 * command that runs.
 */
export const COMMANDS: readonly { readonly name: string; readonly load: () => Promise<RegisterCommand> }[] = [
  { name: 'run', load: async () => (await import('./run.js')).registerRun },
  { name: 'plan', load: async () => (await import('./plan.js')).registerPlan },
  { name: 'check', load: async () => (await import('./check.js')).registerCheck },
  { name: 'compose', load: async () => (await import('./compose.js')).registerCompose },
  { name: 'fmt', load: async () => (await import('./fmt.js')).registerFmt },
  { name: 'info', load: async () => (await import('./info.js')).registerInfo },
  { name: 'recipe', load: async () => (await import('./recipe.js')).registerRecipe },
  { name: 'lsp', load: async () => (await import('./lsp.js')).registerLsp },
];

/** The options of the program itself that take no value; anything else before the command name is not skipped. */
const PROGRAM_FLAGS = new Set(['-V', '--version', '-h', '--help']);

/**
 * The commands to load for these arguments: only the one named when it is known; none for `--version`; all of
 * them otherwise (`--help`, `help <command>`, a misspelt name), so that help lists them and commander can suggest
 * the closest.
 */
export function commandsFor(args: readonly string[]): readonly (typeof COMMANDS)[number][] {
  const first = args.find((arg) => !PROGRAM_FLAGS.has(arg));
  if (first === undefined) return args.some((a) => a === '-V' || a === '--version') ? [] : COMMANDS;
  const named = COMMANDS.find((command) => command.name === first);
  return named ? [named] : COMMANDS;
}
