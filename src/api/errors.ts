import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';

/**
 * A recipe the checker (or the parser) refused. `diagnostics` are those of `text`, the recipe's `.mecha` text (as
 * `serialize` wrote it, for a recipe built in code); the message renders them as `mechac check` does.
 */
export class RecipeError extends Error {
  override readonly name = 'RecipeError';
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly text: string,
    readonly file: string = '<recipe>',
    problem?: string,
  ) {
    super(problem ?? renderDiagnostics(diagnostics.filter((d) => d.severity === 'error'), text, file, { color: false }).trimEnd());
  }
}
