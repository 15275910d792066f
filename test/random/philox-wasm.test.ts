import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import wabtFactory from 'wabt';
import { PHILOX_WASM_BASE64 } from '../../src/runtime/random/philox-binary.js';

const dir = fileURLToPath(new URL('../../src/runtime/random/', import.meta.url));

// The embedded module must be exactly what philox.wat compiles to; UPDATE_WASM=1 regenerates it after an edit.
test('philox-binary.ts is the compiled philox.wat', async () => {
  const wabt = await wabtFactory();
  const module = wabt.parseWat('philox.wat', readFileSync(dir + 'philox.wat', 'utf8'));
  module.validate();
  const base64 = Buffer.from(module.toBinary({}).buffer).toString('base64');
  module.destroy();
  if (process.env['UPDATE_WASM'] === '1') {
    writeFileSync(
      dir + 'philox-binary.ts',
      `// Generated from philox.wat by test/random/philox-wasm.test.ts (UPDATE_WASM=1). Do not edit.\n` +
        `export const PHILOX_WASM_BASE64 =\n  '${base64}';\n`,
    );
    return;
  }
  expect(PHILOX_WASM_BASE64).toBe(base64);
});
