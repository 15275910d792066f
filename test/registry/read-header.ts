import { openSync, readSync, closeSync } from 'node:fs';

/** The tensor entries of a safetensors file's header (test helper: no validation beyond what the tests need). */
export function readHeader(path: string): Map<string, { shape: number[]; dtype: string }> {
  const fd = openSync(path, 'r');
  try {
    const lengthBytes = Buffer.alloc(8);
    readSync(fd, lengthBytes, 0, 8, 0);
    const length = Number(lengthBytes.readBigUInt64LE(0));
    const json = Buffer.alloc(length);
    readSync(fd, json, 0, length, 8);
    const header = JSON.parse(json.toString('utf8')) as Record<string, { shape: number[]; dtype: string }>;
    delete header['__metadata__'];
    return new Map(Object.entries(header).map(([k, v]) => [k, { shape: v.shape, dtype: v.dtype }]));
  } finally {
    closeSync(fd);
  }
}
