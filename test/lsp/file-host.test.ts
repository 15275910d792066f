import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createEditorFileHost } from '../../lsp/file-host.js';
import { INDEX_FILE_NAME } from '../../src/runtime/safetensors/sharded.js';
import { isHeaderError } from '../../src/typecheck/host.js';
import { namedPipe } from '../named-pipe.js';

const ROOT = join(import.meta.dirname, '..', '..');
const GOLDEN = join(ROOT, 'test', 'fixtures', 'golden');
const MODEL = join(GOLDEN, 'sd1-tiny', 'models', 'a.safetensors');

describe('createEditorFileHost', () => {
  test('settings folders (relative to the workspace) come before MECHA_MODELS_DIR', () => {
    const files = createEditorFileHost({ MECHA_MODELS_DIR: ['/env1', '/env2'].join(delimiter) });
    expect(files.modelsDirs()).toEqual(['/env1', '/env2']);
    files.configure({ modelsDirs: ['models', '/abs'] }, [pathToFileURL('/projects/recipes').href]);
    expect(files.modelsDirs()).toEqual([join('/projects/recipes', 'models'), '/abs', '/env1', '/env2']);
  });

  test('reads a header from the models directories, and reuses it while the file is unchanged', () => {
    const files = createEditorFileHost({});
    files.configure({ modelsDirs: [GOLDEN] }, []);
    const header = files.host.readModelHeader!('sd1-tiny/models/a');
    if (isHeaderError(header)) throw new Error(header.message);
    expect(header.tensors.size).toBeGreaterThan(0);
    expect(files.host.readModelHeader!('sd1-tiny/models/a')).toBe(header);
  });

  test("a model beside the recipe is found through the document's folder", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mecha-recipe-'));
    mkdirSync(join(dir, 'm'));
    copyFileSync(MODEL, join(dir, 'm', 'local.safetensors'));
    const files = createEditorFileHost({});
    const missing = files.host.readModelHeader!('m/local');
    expect(isHeaderError(missing) && missing.error).toBe('not-found');
    files.enter(pathToFileURL(join(dir, 'r.mecha')).href);
    expect(isHeaderError(files.host.readModelHeader!('m/local'))).toBe(false);
    // An unsaved buffer has no folder: only the models directories are searched.
    files.enter('untitled:Untitled-1');
    expect(isHeaderError(files.host.readModelHeader!('m/local'))).toBe(true);
  });

  test('not found: the message says where it looked', () => {
    const files = createEditorFileHost({});
    files.configure({ modelsDirs: ['/nowhere'] }, []);
    const result = files.host.readModelHeader!('ghost');
    expect(isHeaderError(result) && result.message).toContain(join('/nowhere', 'ghost'));
  });

  test('a model that is a named pipe, or a shard index naming one, is reported without waiting on the pipe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mecha-pipes-'));
    mkdirSync(join(dir, 'sharded'));
    writeFileSync(join(dir, 'sharded', INDEX_FILE_NAME), JSON.stringify({ weight_map: { w: 'part.safetensors' } }));
    const pipes = [namedPipe(dir, 'pipe.safetensors'), namedPipe(join(dir, 'sharded'), 'part.safetensors')];
    try {
      const files = createEditorFileHost({});
      files.configure({ modelsDirs: [dir] }, []);
      for (const [model, file] of [['pipe', pipes[0]!.path], ['sharded', pipes[1]!.path]] as const) {
        const result = files.host.readModelHeader!(model);
        expect(isHeaderError(result) && result.error).toBe('not-a-file');
        expect(isHeaderError(result) && result.message).toBe(`${file}: is a named pipe (FIFO), not a regular file`);
      }
    } finally {
      for (const pipe of pipes) pipe.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('lists the models of the directories for completion', () => {
    const files = createEditorFileHost({});
    files.configure({ modelsDirs: [join(GOLDEN, 'sd1-tiny')] }, []);
    const models = files.host.listModels!();
    expect(models.map((m) => m.path)).toContain('models/a');
    expect(models.find((m) => m.path === 'models/a')?.size).toBeGreaterThan(0);
  });
});
