import type { Command } from 'commander';
import { registerFmt } from './fmt.js';

/** Registers one command on the program; the action reports its exit code through `setExitCode`. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

/** Every `mechac` command, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [registerFmt];
