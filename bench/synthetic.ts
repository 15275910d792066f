import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Architecture } from '../src/registry/architecture.js';
import { SafetensorsWriter } from '../src/runtime/safetensors/writer.js';
import type { DType } from '../src/runtime/dtype/dtype.js';
import { dtypeSize, isFloatDType } from '../src/runtime/dtype/dtype.js';
import { SimdKernels } from '../src/runtime/wasm/simd.js';

/**
 * Synthetic full-size checkpoints for the benchmark: every key a real checkpoint of the architecture holds (merged
 * components and listed passthrough keys, no EMA), with the real shapes, floats in fp16 drawn from ~N(0, 0.02),
 * integers as zeros. Made once and kept outside the repository (`MECHA_BENCH_DIR`, default the temp folder).
 */

export function benchDir(): string {
  const dir = process.env['MECHA_BENCH_DIR'] ?? join(tmpdir(), 'mecha-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The keys a checkpoint of `arch` holds, with the dtype the synthetic file stores them in. */
export function checkpointKeys(arch: Architecture): { name: string; dtype: DType; shape: readonly number[] }[] {
  const prefixes = arch.data.passthrough ?? [];
  const out: { name: string; dtype: DType; shape: readonly number[] }[] = [];
  for (const [name, facts] of arch.keys) {
    const info = arch.keyInfo(name)!;
    const merged = info.component !== undefined && !info.passthrough;
    if (!merged && !prefixes.some((p) => name.startsWith(p))) continue;
    out.push({ name, dtype: isFloatDType(facts.dtype) ? 'F16' : facts.dtype, shape: facts.shape });
  }
  return out;
}

/** Writes `path` unless it exists with the expected size; returns its size in bytes. */
export function ensureSyntheticModel(path: string, arch: Architecture, seed: number): number {
  const keys = checkpointKeys(arch);
  const dataBytes = keys.reduce((sum, k) => sum + k.shape.reduce((a, b) => a * b, 1) * dtypeSize(k.dtype), 0);
  if (existsSync(path) && statSync(path).size > dataBytes) return statSync(path).size;

  const writer = SafetensorsWriter.create(path, keys, { format: 'pt', synthetic: `mecha bench seed ${seed}` });
  const simd = new SimdKernels();
  const CHUNK = 1 << 20;
  const floats = simd.alloc(CHUNK, 4);
  const halves = simd.alloc(CHUNK, 2);
  let state = (seed * 0x9e3779b1) >>> 0 || 1;
  try {
    for (const key of keys) {
      const count = key.shape.reduce((a, b) => a * b, 1);
      if (!isFloatDType(key.dtype)) {
        writer.write(key.name, new Uint8Array(count * dtypeSize(key.dtype)));
        continue;
      }
      for (let done = 0; done < count; done += CHUNK) {
        const n = Math.min(CHUNK, count - done);
        const values = simd.f32(floats, n);
        for (let i = 0; i < n; i++) {
          // The sum of two xorshift uniforms (a triangular distribution) is close enough for benchmark data.
          let sum = 0;
          for (let j = 0; j < 2; j++) {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            sum += (state >>> 0) / 4294967296;
          }
          values[i] = (sum - 1) * 0.05;
        }
        simd.fn.f32_to_f16(floats, halves, n);
        writer.writePart(key.name, simd.bytes().slice(halves, halves + n * 2));
      }
    }
    writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }
  return statSync(path).size;
}
