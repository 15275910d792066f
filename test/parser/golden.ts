import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Whether expected-output files are rewritten from the actual output instead of compared. */
export const UPDATE_GOLDEN = process.env['UPDATE_GOLDEN'] === '1';

/** Compares `actual` with the file at `path`, or writes it there when UPDATE_GOLDEN=1. */
export function expectGolden(actual: string, path: string): void {
  if (UPDATE_GOLDEN) {
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `missing expected output ${path} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
