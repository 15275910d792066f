import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { listModels } from '../../lsp/list-models.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mecha-models-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('listModels', () => {
  test('paths as a recipe writes them, with sizes; a sharded folder is one model; hidden and other files skipped', () => {
    const dir = tree({
      'b.safetensors': '12345',
      'a.safetensors': '1',
      'notes.txt': '',
      'sd1/dream.safetensors': '123',
      '.cache/x.safetensors': '',
      'big/model.safetensors.index.json': '{}',
      'big/model-00001-of-00002.safetensors': '1234',
      'big/model-00002-of-00002.safetensors': '12',
    });
    expect(listModels([dir])).toEqual([
      { path: 'a', size: 1 },
      { path: 'b', size: 5 },
      { path: 'big', size: 6 },
      { path: 'sd1/dream', size: 3 },
    ]);
  });

  test('a path in two directories is listed once, from the first; missing directories are passed over', () => {
    const first = tree({ 'a.safetensors': '11' });
    const second = tree({ 'a.safetensors': '1', 'c.safetensors': '' });
    expect(listModels([join(first, 'missing'), first, second])).toEqual([
      { path: 'a', size: 2 },
      { path: 'c', size: 0 },
    ]);
  });

  test('depth and count limits', () => {
    const dir = tree({ 'x/y/z.safetensors': '', 'x/a.safetensors': '', 'b.safetensors': '', 'c.safetensors': '' });
    expect(listModels([dir], { maxDepth: 1 }).map((m) => m.path)).toEqual(['b', 'c', 'x/a']);
    expect(listModels([dir], { limit: 2 }).map((m) => m.path)).toEqual(['b', 'c']);
  });
});
