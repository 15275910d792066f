import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compileWat, generatedSource, ROOT, WASM_MODULES } from '../../../scripts/wasm-modules.js';

describe('embedded WebAssembly', () => {
  test.each(WASM_MODULES.map((m) => [m.wat, m] as const))('%s is embedded as compiled (else run scripts/build-wasm.ts)', async (_, module) => {
    const base64 = await compileWat(module.wat);
    expect(readFileSync(ROOT + module.binary, 'utf8')).toBe(generatedSource(module, base64));
  });
});
