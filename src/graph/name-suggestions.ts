import { suggest } from '../text/suggest.js';

/**
 * The nearest names of undefined names, remembered from one build to the next while the names declared stay the
 * same, as they do while someone types: the language service keeps one per document. The answer is
 * `suggest(name, declared)` whether remembered or not.
 */
export class NameSuggestions {
  private declared: readonly string[] = [];
  private readonly nearest = new Map<string, string | undefined>();

  suggest(name: string, declared: readonly string[]): string | undefined {
    if (!sameNames(this.declared, declared)) {
      this.declared = declared;
      this.nearest.clear();
    }
    if (this.nearest.has(name)) return this.nearest.get(name);
    const found = suggest(name, declared);
    // Bounded: a long session types many names.
    if (this.nearest.size >= 1024) this.nearest.clear();
    this.nearest.set(name, found);
    return found;
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
