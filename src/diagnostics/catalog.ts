import type { DiagnosticKind } from './diagnostic.js';
import { SYNTAX } from './codes/syntax.js';
import { NAMES } from './codes/names.js';
import { CHECK } from './codes/check.js';

/**
 * Every diagnostic mecha can report, one catalog. Each phase keeps its kinds in its own file under `codes/`
 * and they are gathered here; a test checks that ids and codes are unique and documented.
 */
export const CATALOG: readonly DiagnosticKind[] = [
  ...Object.values(SYNTAX),
  ...Object.values(NAMES),
  ...Object.values(CHECK),
];

export function kindById(id: string): DiagnosticKind | undefined {
  return CATALOG.find((k) => k.id === id);
}
