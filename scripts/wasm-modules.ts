import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtFactory from 'wabt';

/**
 * The WebAssembly modules of the runtime. Each is written as WAT and embedded, compiled, as base64 in a generated
 * TypeScript file, so nothing is compiled at run time. `npx tsx scripts/build-wasm.ts` regenerates them; a test
 * checks that every embedding is what its WAT compiles to.
 */
export const WASM_MODULES = [
  { wat: 'src/runtime/wasm/kernels.wat', binary: 'src/runtime/wasm/kernels-binary.ts', constant: 'KERNELS_WASM_BASE64' },
  { wat: 'src/runtime/linalg/wasm/linalg.wat', binary: 'src/runtime/linalg/wasm/linalg-binary.ts', constant: 'LINALG_WASM_BASE64' },
  { wat: 'src/runtime/random/philox.wat', binary: 'src/runtime/random/philox-binary.ts', constant: 'PHILOX_WASM_BASE64' },
] as const;

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Compiles a module's WAT (SIMD enabled) to base64. */
export async function compileWat(watPath: string): Promise<string> {
  const wabt = await wabtFactory();
  const module = wabt.parseWat(watPath, readFileSync(ROOT + watPath, 'utf8'), { simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer).toString('base64');
  } finally {
    module.destroy();
  }
}

export function generatedSource(module: (typeof WASM_MODULES)[number], base64: string): string {
  const name = module.wat.split('/').pop();
  return `// Generated from ${name} by scripts/build-wasm.ts. Do not edit.\nexport const ${module.constant} =\n  '${base64}';\n`;
}
