// Regenerates the embedded WebAssembly of the runtime after a .wat file changed: `npx tsx scripts/build-wasm.ts`.
import { writeFileSync } from 'node:fs';
import { compileWat, generatedSource, ROOT, WASM_MODULES } from './wasm-modules.js';

for (const module of WASM_MODULES) {
  const base64 = await compileWat(module.wat);
  writeFileSync(ROOT + module.binary, generatedSource(module, base64));
  console.log(`${module.wat}: ${Buffer.from(base64, 'base64').length} bytes`);
}
