import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Assembles safetensors bytes by hand, so tests can make any malformed variant. */
export function safetensorsBytes(
  header: unknown,
  data: Uint8Array,
  options: { rawHeader?: Uint8Array; headerLength?: bigint } = {},
): Uint8Array {
  const json = options.rawHeader ?? new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, options.headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** A small valid file: three tensors of different dtypes, laid out in an order other than the header's. */
export function validLayout(): { header: Record<string, unknown>; data: Uint8Array } {
  const data = new Uint8Array(12 + 16 + 8);
  // "b" F16 [2, 3] at 0..12: 1, 2, -0.5, 65504, 2^-24, 0
  new Uint16Array(data.buffer, 0, 6).set([0x3c00, 0x4000, 0xb800, 0x7bff, 0x0001, 0x0000]);
  // "a" F32 [4] at 12..28
  new Float32Array(data.buffer, 12, 4).set([1.5, -2, 3.25, 1e-30]);
  // "c" I64 [1] at 28..36: not 8-aligned, as tensors in real files often are not
  new DataView(data.buffer).setBigInt64(28, -7n, true);
  return {
    header: {
      __metadata__: { format: 'pt', mecha_recipe: 'merge "weighted_sum" &0 &1' },
      a: { dtype: 'F32', shape: [4], data_offsets: [12, 28] },
      b: { dtype: 'F16', shape: [2, 3], data_offsets: [0, 12] },
      c: { dtype: 'I64', shape: [1], data_offsets: [28, 36] },
    },
    data,
  };
}

export interface TempDir {
  readonly path: string;
  file(name: string, bytes: Uint8Array | string): string;
  remove(): void;
}

export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'mecha-st-'));
  return {
    path,
    file(name, bytes) {
      const p = join(path, name);
      writeFileSync(p, bytes);
      return p;
    },
    remove() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}
