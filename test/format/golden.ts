import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Data-driven tests compare with files beside the input; `UPDATE_GOLDEN=1` rewrites them instead. */
export const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

export function expectGolden(path: string, actual: string): void {
  if (UPDATE) {
    writeFileSync(path, actual, 'utf8');
    return;
  }
  if (!existsSync(path)) throw new Error(`missing ${path}: run the tests with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Every `.mecha` file under a directory, sorted, recursively. */
export function mechaFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...mechaFiles(path));
    else if (entry.endsWith('.mecha')) out.push(path);
  }
  return out;
}
