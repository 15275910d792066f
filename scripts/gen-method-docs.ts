/**
 * Writes docs/methods.md, the merge-method reference, from the registry's signatures and example calls.
 *
 *     npx tsx scripts/gen-method-docs.ts          rewrite docs/methods.md
 *     npx tsx scripts/gen-method-docs.ts --check  exit 1 if it is out of date
 *
 * test/docs/methods-doc.test.ts renders the same text and fails when the file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METHOD_EXAMPLES } from '../src/registry/methods/examples.js';
import { renderMethodReference } from '../src/registry/methods/markdown.js';
import { createRegistry } from '../src/registry/registry.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
export const METHODS_DOC = join(ROOT, 'docs', 'methods.md');

export function methodReference(): string {
  return renderMethodReference(createRegistry().methods(), METHOD_EXAMPLES);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = methodReference();
  let current: string | undefined;
  try {
    current = readFileSync(METHODS_DOC, 'utf8');
  } catch {
    current = undefined;
  }
  if (process.argv.includes('--check')) {
    if (current !== text) {
      process.stderr.write('docs/methods.md is out of date: run npx tsx scripts/gen-method-docs.ts\n');
      process.exit(1);
    }
  } else if (current !== text) {
    writeFileSync(METHODS_DOC, text);
    process.stdout.write('wrote docs/methods.md\n');
  }
}
