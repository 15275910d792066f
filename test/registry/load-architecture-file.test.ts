import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatArchitectureFileError, loadArchitectureFile } from '../../src/registry/load-architecture-file.js';
import { createRegistry } from '../../src/registry/registry.js';
import { detectArchitecture } from '../../src/registry/detect.js';

const dir = fileURLToPath(new URL('../fixtures/registry/', import.meta.url));
const load = (name: string) => loadArchitectureFile(readFileSync(dir + name, 'utf8'), name);

describe('a valid user architecture', () => {
  test.each(['tiny-net.yaml', 'tiny-net.json'])('%s loads and joins a registry like a built-in', (file) => {
    const { data, errors } = load(file);
    expect(errors).toEqual([]);
    const registry = createRegistry({ architectures: [data!] });
    const arch = registry.architecture('tinynet')!;
    expect(registry.architectures().map((a) => a.id)).toEqual(['sd1', 'sdxl', 'sd3', 'flux', 'tinynet']);
    expect(arch.blocksOf('body')).toEqual(['head', 'in0', 'in1']);
    expect(arch.keyInfo('net.embed.weight')).toMatchObject({ component: 'body', blocks: ['in0'], class: 'embed' });
    expect(arch.keyInfo('net.stages.1.norm.0.weight')).toMatchObject({ blocks: ['in1'], class: 'norm0' });
    expect(arch.keyInfo('net.head.weight')).toMatchObject({ blocks: ['head'], class: 'head_linear' });
    expect(arch.keyInfo('buffers.steps')).toMatchObject({ passthrough: true, optional: true });
    expect(arch.classesOf('body')).toEqual(['conv', 'embed', 'head_linear', 'norm0']);
  });

  test('the YAML form keeps its config, aliases and mbw, and detection finds it', () => {
    const registry = createRegistry({ architectures: [load('tiny-net.yaml').data!] });
    expect(registry.architecture('tiny-net')!.id).toBe('tinynet');
    expect(registry.config('tinynet-cfg')!.componentOf('buffers.steps')).toBe('extras');
    const arch = registry.architecture('tinynet')!;
    expect(arch.canonicalKey('model.net.head.weight')).toBe('net.head.weight');
    expect(arch.mbw!.map((s) => s.label)).toEqual(['BASE', 'S0', 'S1']);
    const header = new Map([...arch.keys.values()].map((f) => [f.name, { shape: f.shape, dtype: f.dtype }]));
    expect(detectArchitecture(registry, header)).toMatchObject({ arch: 'tinynet', config: 'tinynet-cfg' });
  });

  test('a user architecture with a built-in id replaces it', () => {
    const data = { ...load('tiny-net.json').data!, id: 'sd1' };
    const registry = createRegistry({ architectures: [data] });
    expect(registry.architecture('sd1')!.keys.size).toBe(7);
    expect(registry.architectures()).toHaveLength(4);
  });
});

test.each(['sd1', 'sdxl', 'sd3', 'flux'])(
  'the built-in %s data file passes the same validation as a user file',
  (id) => {
    const file = fileURLToPath(new URL(`../../src/registry/data/${id}.json`, import.meta.url));
    const { data, errors } = loadArchitectureFile(readFileSync(file, 'utf8'), `${id}.json`);
    expect(errors).toEqual([]);
    expect(data!.id).toBe(id);
  },
);

describe('files with problems', () => {
  // Each bad-*.ext fixture has a bad-*.expected.txt beside it; UPDATE_GOLDEN=1 rewrites them.
  test.each(['bad-fields.yaml', 'bad-semantics.yaml', 'bad-syntax.json'])('%s', (file) => {
    const { data, errors } = load(file);
    expect(data).toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
    const actual = errors.map(formatArchitectureFileError).join('\n') + '\n';
    const expectedFile = dir + file.replace(/\.\w+$/, '.expected.txt');
    if (process.env['UPDATE_GOLDEN'] || !existsSync(expectedFile)) writeFileSync(expectedFile, actual);
    expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
  });

  test('problems name the field and line', () => {
    const { errors } = load('bad-fields.yaml');
    const find = (path: string) => errors.find((e) => e.path === path);
    expect(find('format')).toMatchObject({ line: 2 });
    expect(find('id')).toMatchObject({ line: 3 });
    expect(find('components[0].prefix')).toMatchObject({ line: 6 });
    expect(find('components[0].blocks.in*')!.message).toMatch(/first pattern/);
    expect(find('components[1].name')!.message).toMatch(/defined twice/);
    expect(find('keys[0][1]')!.message).toMatch(/non-negative integers/);
    expect(find('keys[1][0]')!.message).toMatch(/listed twice/);
    expect(find('keys[1][2]')!.message).toMatch(/unknown dtype "F17"/);
    expect(find('keys[2][3]')!.message).toMatch(/not one of config.components/);
    expect(find('keys[2][4]')!.message).toMatch(/"optional"/);
    expect(find('keys[3].optional')).toBeDefined();
    expect(find('keys[4]')).toMatchObject({ line: 21 });
  });

  test('rules that do not fit the keys are reported after the shape is right', () => {
    const messages = load('bad-semantics.yaml').errors.map((e) => `${e.path}: ${e.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^components\[1\]\.blocks: no key of component 'tail'/));
    expect(messages).toContainEqual(
      expect.stringMatching(/^components\[0\]\.classes: 1 key\(s\) get no class, e.g. 'net.layers.0.weight'/),
    );
    expect(messages).toContainEqual("mbw[0]: component 'body' has no block 'in9'");
    expect(messages).toContainEqual("mbw[1]: unknown component 'head'");
  });

  test('never throws, whatever the text', () => {
    for (const text of ['', 'null', '[1, 2]', '"just a string"', '{', '\t- : :', 'a: *nope']) {
      const result = loadArchitectureFile(text, 'x.yaml');
      expect(result.data).toBeUndefined();
      expect(result.errors.length).toBeGreaterThan(0);
    }
  });
});
