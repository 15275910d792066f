import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createFileHost } from '../../src/merge/models-dirs.js';
import type { ServiceHost } from '../../src/service/api.js';
import { atCursor, textOf, URI } from './cursor.js';
import { FIXTURES } from './recipes.js';

/** The tiny golden models, read from disk as the CLI host reads them. */
const modelsDir = relative(process.cwd(), join(FIXTURES, 'golden'));
const fileHost = createFileHost({ modelsDirs: [modelsDir] });
const HOST: ServiceHost = {
  readModelHeader: (path) => fileHost.readModelHeader(path),
  listModels: () => [{ path: 'sd1-tiny/models/a' }],
};

describe('hover', () => {
  test('a model whose file the host reads: the file, its detected architecture, dtype and size', () => {
    const { service, text, offset } = atCursor(
      'version 1\nmodel a = "sd1-tiny/models/a"\nmodel b = "sd1-tiny/models/b"\nlet out = weighted_sum(<|>a, b)\n',
      HOST,
    );
    const hover = service.hover(URI, offset)!;
    expect(textOf(text, hover.span)).toBe('a');
    expect(hover.markdown).toContain('`a`: sd1 weight, declared on line 2');
    expect(hover.markdown).toContain(`File: \`${join(modelsDir, 'sd1-tiny', 'models', 'a.safetensors')}\``);
    expect(hover.markdown).toContain('Architecture: sd1');
    expect(hover.markdown).toMatch(/Dtype: F(16|32) \(\d+ tensors\)/);
    expect(hover.markdown).toMatch(/Size: [\d.]+ (bytes|KB|MB)/);
  });

  test('the path string of a model declaration hovers as the model', () => {
    const { service, offset } = atCursor(
      'version 1\nmodel a = "sd1-tiny/mo<|>dels/a"\nlet out = weighted_sum(a, a)\n',
      HOST,
    );
    const markdown = service.hover(URI, offset)!.markdown;
    expect(markdown).toContain('**model** `sd1-tiny/models/a`: sd1 weight');
    expect(markdown).toContain('Architecture: sd1');
  });

  test('a model the host cannot find says so', () => {
    const { service, offset } = atCursor(
      'version 1\nmodel a = "missing" : sd1\nlet out = weighted_sum(<|>a, a)\n',
      HOST,
    );
    expect(service.hover(URI, offset)!.markdown).toContain('the file was not found or could not be read');
  });

  test('a name declared by let shows its inferred type and its line', () => {
    const { service, text, offset } = atCursor(
      'version 1\nmodel a = "a" : sd1\nlet d<|> = subtract(a, a)\nlet out = add_difference(a, d)\n',
    );
    const hover = service.hover(URI, offset)!;
    expect(textOf(text, hover.span)).toBe('d');
    expect(hover.markdown).toContain('`d`: sd1 delta, bound on line 3');
  });

  test('nothing to say over numbers, punctuation, keywords and unknown names', () => {
    for (const source of [
      'version 1\nmodel a = "a" : sd1\nlet out = weighted_sum(a, a, alpha=0.<|>3)\n',
      'version 1\nmodel a = "a" : sd1\nlet out = weighted_sum(a,<|> a, alpha=0.3)\n',
      'version 1\nmo<|>del a = "a" : sd1\n',
      'version 1\nlet out = weighted_sum(nobo<|>dy, nobody)\n',
      'version 1\nlet out = unknown_meth<|>od(a, b)\n',
    ]) {
      const { service, offset } = atCursor(source);
      expect(service.hover(URI, offset), source).toBeUndefined();
    }
  });

  test('an unknown block says which blocks the component has', () => {
    const { service, offset } = atCursor('version 1\nlet mix = blocks(sd1.unet, in1<|>2=0.5)\n');
    expect(service.hover(URI, offset)!.markdown).toContain(
      'no block of `sd1.unet` is `in12` (its blocks: in0..in11, mid, out0..out11)',
    );
  });

  test('a legacy command word shows the line’s number and type', () => {
    const { service, text, offset } = atCursor(
      'model "a" "sd1" "base"\nmodel "b" "sd1" "base"\nmer<|>ge "subtract" &0 &1\n',
    );
    const hover = service.hover(URI, offset)!;
    expect(textOf(text, hover.span)).toBe('merge');
    expect(hover.markdown).toContain('`&2`, line 3: sd1 delta');
  });
});
