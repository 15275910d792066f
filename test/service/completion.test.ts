import { describe, expect, test } from 'vitest';
import { atCursor, completionLabels, textOf, URI } from './cursor.js';
import { FIXTURE_HOST } from './golden.js';

const MODELS = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\n';
const SD1_UNET_BLOCKS = [
  ...Array.from({ length: 12 }, (_, i) => `in${i}`),
  'mid',
  ...Array.from({ length: 12 }, (_, i) => `out${i}`),
];

describe('completion', () => {
  test('blocks(sd1.unet, ...) offers the blocks of sd1.unet in natural order, then the wildcard forms, and nothing else', () => {
    expect(completionLabels(`${MODELS}let mix = blocks(sd1.unet, <|>`)).toEqual([...SD1_UNET_BLOCKS, 'in*', 'out*']);
  });

  test('block names are inserted as keyword arguments and leave out the blocks already set', () => {
    const { service, offset } = atCursor(`${MODELS}let mix = blocks(sd1.unet, in0=0.1, out*=1, <|>)`);
    const items = service.completions(URI, offset);
    expect(items.map((i) => i.label)).not.toContain('in0');
    expect(items.map((i) => i.label)).not.toContain('out*');
    expect(items.find((i) => i.label === 'mid')?.insertText).toBe('mid=');
  });

  test('classes(sd1.txt, ...) offers the classes of the text encoder', () => {
    const labels = completionLabels(`${MODELS}let mix = classes(sd1.txt, <|>)`);
    expect(labels).toContain('mlp_fc1');
    expect(labels).not.toContain('attn1_to_q'); // a unet class
    expect(labels).not.toContain('in0');
  });

  test('weighted_sum(a, b, ...) offers alpha= with its default, and no models once both are given', () => {
    const { service, offset } = atCursor(`${MODELS}let out = weighted_sum(a, b, <|>`);
    const items = service.completions(URI, offset);
    expect(items.map((i) => i.label)).toEqual(['alpha']);
    expect(items[0]!.insertText).toBe('alpha=');
    expect(items[0]!.kind).toBe('keyword-argument');
    expect(items[0]!.detail).toContain('default 0.5');
  });

  test('keyword names already given are not offered again', () => {
    const labels = completionLabels(`${MODELS}let out = crossover(a, b, alpha=0.3, <|>)`);
    expect(labels).toContain('tilt');
    expect(labels).not.toContain('alpha');
  });

  test('while models are still expected, names in scope and methods are offered, not keywords', () => {
    const labels = completionLabels(`${MODELS}let out = weighted_sum(a, <|>`);
    expect(labels.slice(0, 2)).toEqual(['a', 'b']);
    expect(labels).toContain('subtract');
    expect(labels).not.toContain('alpha');
  });

  test('names in scope are those bound before the statement, with their inferred types', () => {
    const { service, offset } = atCursor(
      `${MODELS}let d = subtract(a, b)\nlet out = <|>\nlet later = weighted_sum(a, b)\n`,
    );
    const items = service.completions(URI, offset);
    const names = items.filter((i) => i.kind === 'name');
    expect(names.map((i) => [i.label, i.detail])).toEqual([
      ['a', 'sd1 weight'],
      ['b', 'sd1 weight'],
      ['d', 'sd1 delta'],
    ]);
    const method = items.find((i) => i.label === 'add_difference');
    expect(method?.detail).toBe('add_difference(a: A s, b: A delta, alpha: hyper = 1.0) -> A s');
    expect(method?.documentation).toContain('Adds a scaled delta');
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['blocks', 'classes', 'default', 'mbw']));
  });

  test('the replaced range covers the partial word, also the part after the cursor', () => {
    const { service, text, offset } = atCursor(`${MODELS}let out = weighted_sum(a, b, al<|>ph)`);
    const items = service.completions(URI, offset);
    expect(items.map((i) => i.label)).toEqual(['alpha']);
    expect(textOf(text, items[0]!.replace!)).toBe('alph');
  });

  test('statement words of the file’s dialect at the start of a line', () => {
    expect(completionLabels(`${MODELS}<|>`)).toEqual(['model', 'param', 'let', 'output']);
    expect(completionLabels('model "a" "sd1" "base"\nme<|>')).toEqual(['model', 'merge', 'parameter', 'dict']);
    expect(completionLabels('version 0.1.0\nmodel "a" model_config="sd1-ldm" merge_space="weight"\n<|>')).toEqual([
      'model',
      'merge',
      'literal',
      'dict',
    ]);
  });

  test('a new line inside an open call continues the expression rather than starting a statement', () => {
    const labels = completionLabels(`${MODELS}let out = weighted_sum(a,\n    <|>`);
    expect(labels).toContain('b');
    expect(labels).not.toContain('let');
  });

  test('after sd1. the components of sd1; after a type colon the architectures, then the spaces', () => {
    expect(completionLabels(`${MODELS}let mix = default(sd1.<|>`)).toEqual(['txt', 'unet']);
    expect(completionLabels(`${MODELS}let mix = blocks(sdxl.u<|>`)).toEqual(['txt', 'txt2', 'unet']);
    expect(completionLabels('version 1\nmodel a = "a" : <|>')).toEqual(['sd1', 'sdxl', 'sd3', 'flux']);
    expect(completionLabels('version 1\nparam p : sd1 <|>')).toEqual(['weight', 'delta', 'lora']);
  });

  test('model paths from the host inside the path string, without the quotes; a closing quote when it is missing', () => {
    const closed = atCursor('version 1\nmodel a = "gh<|>"\n', FIXTURE_HOST);
    const items = closed.service.completions(URI, closed.offset);
    expect(items.map((i) => i.label)).toContain('ghostmix_v20Bakedvae');
    const ghost = items.find((i) => i.label === 'ghostmix_v20Bakedvae')!;
    expect(ghost.insertText).toBe('ghostmix_v20Bakedvae');
    expect(textOf(closed.text, ghost.replace!)).toBe('gh');
    expect(ghost.detail).toBe('1.99 GB');

    const open = atCursor('model "gh<|>', FIXTURE_HOST);
    expect(open.service.completions(URI, open.offset)[0]!.insertText).toBe('dreamshaper_332BakedVaeClipFix"');
    // Without a host that lists models, there is nothing to offer.
    expect(completionLabels('version 1\nmodel a = "<|>"')).toEqual([]);
  });

  test('legacy merge "...": method names inside the string', () => {
    const { service, text, offset } = atCursor('merge "weighted_s<|>" &0 &1');
    const items = service.completions(URI, offset);
    expect(items[0]!.label).toBe('weighted_sum');
    expect(textOf(text, items[0]!.replace!)).toBe('weighted_s');
    expect(items[0]!.insertText).toBe('weighted_sum');
  });

  test('legacy references to earlier lines, each with the line it stands for', () => {
    const { service, offset } = atCursor(
      'model "a" "sd1" "base"\nmodel "b" "sd1" "base"\nmerge "subtract" &0 &1\nmerge "add_difference" &0 <|>\nmodel "c" "sd1" "base"\n',
    );
    const items = service.completions(URI, offset);
    const references = items.filter((i) => i.kind === 'reference');
    expect(references.map((i) => `${i.label}: ${i.detail}`)).toEqual([
      '&0: model "a" "sd1" "base"',
      '&1: model "b" "sd1" "base"',
      '&2: merge "subtract" &0 &1',
    ]);
    expect(references[2]!.documentation).toContain('sd1 delta');
    expect(items.find((i) => i.kind === 'keyword-argument')?.label).toBe('alpha');
  });

  test('legacy dict keys for the architecture of the file’s models', () => {
    const labels = completionLabels('model "a" "sdxl" "base"\nmodel "b" "sdxl" "base"\ndict <|>');
    expect(labels).toContain('sdxl_unet_block_in8');
    expect(labels).toContain('sdxl_txt2_default');
    expect(labels).not.toContain('sdxl_unet_block_in9');
    expect(labels.some((l) => l.startsWith('sd1_'))).toBe(false);
  });

  test('nothing where nothing can be completed: a name being declared, a number, a comment, the header', () => {
    expect(completionLabels('version 1\nlet ou<|>')).toEqual([]);
    expect(completionLabels(`${MODELS}let out = weighted_sum(a, b, alpha=0.<|>)`)).toEqual([]);
    expect(completionLabels(`${MODELS}# a comm<|>ent`)).toEqual([]);
    expect(completionLabels('vers<|>ion 1\n')).toEqual([]);
  });
});
