import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { compareDiagnostics, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatCode, renderBaseline } from '../../src/diagnostics/render.js';
import { parse } from '../../src/parser/parse.js';
import { createRegistry, type Registry } from '../../src/registry/index.js';
import { createFileHost } from '../../src/merge/models-dirs.js';
import { check } from '../../src/typecheck/check.js';
import type { CheckOptions, CheckResult } from '../../src/typecheck/types.js';
import { LineIndex } from '../../src/text/line-index.js';

/** `UPDATE_GOLDEN=1` rewrites the expected files instead of comparing with them. */
export const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CHECK_DIR = join(ROOT, 'test', 'fixtures', 'check');
/** Relative to the repository, so messages naming searched paths read the same on every machine. */
export const MODELS_DIRS = [relative(process.cwd(), join(ROOT, 'test', 'fixtures', 'golden')), relative(process.cwd(), join(CHECK_DIR, 'models'))];

export function expectGolden(path: string, actual: string): void {
  if (UPDATE) {
    writeFileSync(path, actual, 'utf8');
    return;
  }
  if (!existsSync(path)) throw new Error(`missing ${path}: run the tests with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** Options of a fixture, from `<case>.options.json` beside it: check options, and `noFs` to check without a host. */
export interface FixtureOptions extends CheckOptions {
  readonly noFs?: boolean;
}

export function fixtureCases(): string[] {
  return readdirSync(CHECK_DIR)
    .filter((f) => f.endsWith('.mecha'))
    .sort();
}

export function readOptions(name: string): FixtureOptions {
  const path = join(CHECK_DIR, name.replace(/\.mecha$/, '.options.json'));
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as FixtureOptions) : {};
}

/** Parses and checks a recipe the way `mechac check` does, with the test models directories. */
export function checkText(
  text: string,
  options: FixtureOptions = {},
  registry: Registry = createRegistry(),
): { diagnostics: Diagnostic[]; result: CheckResult } {
  const parsed = parse(text);
  const host = options.noFs
    ? undefined
    : createFileHost({ modelsDirs: MODELS_DIRS, recipeDir: relative(process.cwd(), CHECK_DIR) });
  const result = check(parsed.document, registry, host, { ...options, text });
  return { diagnostics: [...parsed.diagnostics, ...result.diagnostics].sort(compareDiagnostics), result };
}

/**
 * The expected-file text of a case: TypeScript's `.errors.txt` layout (rendered diagnostics, then the source with
 * `~` under each range), then every fix with the line it leaves, so a fix's edit is checked as well as its title.
 */
export function baseline(diagnostics: readonly Diagnostic[], text: string, name: string): string {
  const out = [renderBaseline(diagnostics, text, name)];
  const fixes = diagnostics.flatMap((d) => (d.fixes ?? []).map((fix) => ({ d, fix })));
  if (fixes.length > 0) {
    out.push('==== fixes ====');
    for (const { d, fix } of fixes) {
      const fixed = applyEdits(text, fix.edits);
      // The line where the first edit lands, as the fix leaves it.
      const first = Math.min(...fix.edits.map((e) => e.span.start));
      const line = new LineIndex(fixed).positionAt(first).line;
      out.push(`${formatCode(d.code)} ${fix.title}:`, `    ${new LineIndex(fixed).lineText(line)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function applyEdits(text: string, edits: readonly { span: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  }
  return out;
}
