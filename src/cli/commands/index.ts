import type { Command } from 'commander';
import { registerCheck } from './check.js';
import { registerCompose } from './compose.js';
import { registerFmt } from './fmt.js';
import { registerInfo } from './info.js';
import { registerLsp } from './lsp.js';
import { registerRun } from './run.js';
import { registerPlan } from './plan.js';
import { registerRecipe } from './recipe.js';

/** Registers one command on the program; the action reports its exit code through `setExitCode`. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

/** Every `mechac` command, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [registerRun, registerPlan, registerCheck, registerCompose, registerFmt, registerInfo, registerRecipe, registerLsp];
