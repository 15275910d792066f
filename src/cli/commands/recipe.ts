import type { RegisterCommand } from './index.js';
import { SafetensorsError } from '../../runtime/errors.js';
import { openModel } from '../../runtime/safetensors/sharded.js';

/** The metadata key sd-mecha and mecha store the canonical recipe under. */
export const RECIPE_METADATA_KEY = 'mecha_recipe';

interface Output {
  write(text: string): unknown;
}

/**
 * Prints the recipe embedded in a merged checkpoint. Exit 0 when printed, 1 when the model has no recipe,
 * 2 when the file is missing or not a valid safetensors file (reading the header only).
 */
export function printRecipe(modelPath: string, stdout: Output, stderr: Output): number {
  let metadata: Readonly<Record<string, string>>;
  try {
    const model = openModel(modelPath);
    metadata = model.metadata;
    model.close();
  } catch (error) {
    if (error instanceof SafetensorsError) {
      stderr.write(`mechac: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const recipe = Object.prototype.hasOwnProperty.call(metadata, RECIPE_METADATA_KEY) ? metadata[RECIPE_METADATA_KEY] : undefined;
  if (recipe === undefined) {
    stderr.write(`mechac: ${modelPath}: no recipe in this model (its __metadata__ has no "${RECIPE_METADATA_KEY}"; it was not made by a merge)\n`);
    return 1;
  }
  stdout.write(recipe.endsWith('\n') ? recipe : `${recipe}\n`);
  return 0;
}

export const registerRecipe: RegisterCommand = (program, setExitCode) => {
  program
    .command('recipe')
    .description('print the recipe embedded in a merged checkpoint')
    .argument('<model>', 'a .safetensors file, a shard index or a folder holding one')
    .action((model: string) => {
      setExitCode(printRecipe(model, process.stdout, process.stderr));
    });
};
