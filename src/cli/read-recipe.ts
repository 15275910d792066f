import { InputFileError, MAX_RECIPE_BYTES, readInputText } from '../runtime/input-file.js';

/** A recipe file's text. Throws InputFileError for a missing file, a directory, pipe or device, or one over 16 MiB. */
export function readRecipeFile(path: string): string {
  return readInputText(path, { what: 'recipe', maxBytes: MAX_RECIPE_BYTES });
}

/** Why a recipe could not be read, for a command's error line: `cannot read a.mecha: no such file`. */
export function recipeReadProblem(path: string, error: unknown): string {
  if (!(error instanceof InputFileError)) return `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`;
  if (error.fileType === 'a directory') return `${path} is a directory; pass the .mecha files in it`;
  if (error.reason === 'missing' || error.reason === 'unreadable') return `cannot read ${path}: ${error.detail}`;
  return `${path} ${error.detail}`;
}
