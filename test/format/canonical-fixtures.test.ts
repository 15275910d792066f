import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runFmt } from '../../src/cli/commands/fmt.js';

/**
 * `mechac fmt --check` passes on every fixture that is meant to be canonical: the reference recipes, the golden
 * recipes, the examples and the formatter's expected outputs. (Parse and syntax fixtures keep odd
 * layouts and errors on purpose; the formatter's idempotence test covers them.)
 */
const root = join(import.meta.dirname, '../..');
const mechaIn = (dir: string, filter: (name: string) => boolean = () => true): string[] =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.mecha') && filter(f))
    .map((f) => join(root, dir, f));

test('fmt --check passes on every canonical fixture', async () => {
  const goldenCases = ['sd1-tiny', 'sdxl-tiny'].flatMap((g) =>
    readdirSync(join(root, 'test/fixtures/golden', g, 'cases')).map((c) => join(root, 'test/fixtures/golden', g, 'cases', c, 'recipe.mecha')),
  );
  const files = [
    ...mechaIn('test/fixtures/recipes'),
    ...goldenCases,
    ...mechaIn('examples'),
    ...mechaIn('test/fixtures/format', (f) => f.endsWith('.expected.mecha') && !f.startsWith('syntax-error')),
  ];
  expect(files.length).toBeGreaterThan(50);
  let out = '';
  let err = '';
  const code = await runFmt(files, { check: true }, {
    readStdin: async () => '',
    out: (t) => void (out += t),
    err: (t) => void (err += t),
  });
  expect(out + err, 'files that would change').toBe('');
  expect(code).toBe(0);
});
