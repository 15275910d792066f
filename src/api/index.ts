/**
 * mecha as a library: build recipes with a function per merge method, check, plan and merge them, and read and
 * write `.mecha` text. See docs/api.md.
 */
export {
  blocks,
  call,
  classes,
  defaults,
  hyperMap,
  isRecipe,
  mbw,
  model,
  param,
  type Hyper,
  type HyperArgs,
  type HyperMap,
  type HyperMapPart,
  type MergeRecipe,
  type ModelRecipe,
  type ParamRecipe,
  type Recipe,
  type RecipeInput,
  type Scalar,
  type Space,
  type SpaceOfType,
} from './recipe.js';
export * from './methods.js';
export { serialize, RecipeValueError } from './serialize.js';
export { parseRecipe as parse } from './parse-recipe.js';
export { check, plan, merge, ProjectConfigError, type CheckReport, type MergeOptions, type PlanOptions, type RecipeOptions, type SaveDtype } from './run.js';
export { RecipeError } from './errors.js';
export { createRegistry, type Registry } from '../registry/registry.js';
export type { Diagnostic } from '../diagnostics/diagnostic.js';
export type { Plan } from '../plan/plan.js';
export type { ExecuteSummary, Progress } from '../runtime/executor/execute.js';
export { CancelledError } from '../runtime/executor/execute.js';
