import type { Document } from '../ast/nodes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareDiagnostics } from '../diagnostics/diagnostic.js';
import { buildLegacy } from './build-legacy.js';
import { buildV1 } from './build-v1.js';
import { GraphBuilder } from './builder.js';
import type { NameSuggestions } from './name-suggestions.js';
import type { RecipeGraph } from './types.js';

/**
 * The recipe graph of a parsed document, with the name and reference diagnostics found on the way. Never throws:
 * what cannot be resolved becomes an `error` node. Given the source text, messages can point to line numbers.
 * `suggestions` may remember "did you mean" answers from a build of an earlier text of the same document.
 */
export function buildGraph(
  document: Document,
  text?: string,
  suggestions?: NameSuggestions,
): { graph: RecipeGraph; diagnostics: Diagnostic[] } {
  const builder = new GraphBuilder(document.dialect, text);
  if (document.dialect === 'v1') buildV1(document, builder, suggestions);
  else buildLegacy(document, builder);
  return { graph: builder.finish(), diagnostics: builder.diagnostics.sort(compareDiagnostics) };
}
