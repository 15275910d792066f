import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const SERVICE_FIXTURES = join(FIXTURES, 'service');

/** Every recipe among the test fixtures, by path relative to test/fixtures: the texts the service tests run on. */
export function fixtureRecipes(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['recipes', 'check', 'parse', 'syntax', 'format', 'graph', 'service/completion', 'service/hover']) {
    const at = join(FIXTURES, dir);
    if (!existsSync(at)) continue;
    for (const file of readdirSync(at).sort()) {
      if (file.endsWith('.mecha')) out.push({ name: `${dir}/${file}`, text: readFileSync(join(at, file), 'utf8') });
    }
  }
  for (const suite of ['sd1-tiny', 'sdxl-tiny']) {
    const cases = join(FIXTURES, 'golden', suite, 'cases');
    if (!existsSync(cases)) continue;
    for (const name of readdirSync(cases).sort()) {
      const recipe = join(cases, name, 'recipe.mecha');
      if (existsSync(recipe)) out.push({ name: `golden/${suite}/${name}`, text: readFileSync(recipe, 'utf8') });
    }
  }
  return out;
}
