import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { detectArchitecture, type TensorShape, type DetectedArchitecture } from '../../src/registry/detect.js';
import { createRegistry } from '../../src/registry/registry.js';
import { ARCHITECTURE_FORMAT } from '../../src/registry/architecture-data.js';
import { readHeader } from './read-header.js';

const registry = createRegistry();
const golden = (path: string) => fileURLToPath(new URL(`../fixtures/golden/${path}`, import.meta.url));

/** A full-size header made from an architecture's own facts: its non-optional keys with their real shapes. */
function fullHeader(arch: string, keep: (key: string) => boolean = () => true): Map<string, TensorShape> {
  const a = registry.architecture(arch)!;
  const header = new Map<string, TensorShape>();
  for (const f of a.keys.values())
    if (!f.optional && keep(f.name)) header.set(f.name, { shape: f.shape, dtype: 'F16' });
  return header;
}

function detected(result: ReturnType<typeof detectArchitecture>): DetectedArchitecture {
  if ('unknown' in result) throw new Error(`not detected; nearest ${JSON.stringify(result.nearest)}`);
  return result;
}

describe('the golden tiny models', () => {
  test.each(['a', 'b', 'c'])('sd1-tiny %s is sd1', (name) => {
    const result = detected(detectArchitecture(registry, readHeader(golden(`sd1-tiny/models/${name}.safetensors`))));
    expect(result.arch).toBe('sd1');
    expect(result.config).toBe('sd1-ldm');
    expect(result.missing).toEqual([]);
    expect(result.extra).toEqual([]);
  });

  test.each(['a', 'b', 'c'])('sdxl-tiny %s is sdxl', (name) => {
    const result = detected(detectArchitecture(registry, readHeader(golden(`sdxl-tiny/models/${name}.safetensors`))));
    expect(result.arch).toBe('sdxl');
    expect(result.config).toBe('sdxl-sgm');
    expect(result.missing).toEqual([]);
    expect(result.extra).toEqual([]);
  });
});

describe('full-size headers', () => {
  test.each(['sd1', 'sdxl', 'sd3', 'flux'])('%s is recognised from its own keys', (arch) => {
    const result = detected(detectArchitecture(registry, fullHeader(arch)));
    expect(result.arch).toBe(arch);
    expect(result.missing).toEqual([]);
  });

  test('EMA keys, old transformers names and a few unknown keys are tolerated', () => {
    const sd1 = registry.architecture('sd1')!;
    const header = fullHeader('sd1');
    const canonical = 'cond_stage_model.transformer.text_model.encoder.layers.0.mlp.fc1.weight';
    const old = 'cond_stage_model.transformer.encoder.layers.0.mlp.fc1.weight';
    header.delete(canonical);
    header.set(old, { shape: [3072, 768], dtype: 'F16' });
    for (const f of sd1.keys.values())
      if (f.configComponent === 'ema') header.set(f.aliases[0] ?? f.name, { shape: f.shape, dtype: 'F32' });
    header.set('some_trainer_state', { shape: [1], dtype: 'F32' });
    const result = detected(detectArchitecture(registry, header));
    expect(result.arch).toBe('sd1');
    expect(result.missing).toEqual([]);
    expect(result.extra).toEqual(['some_trainer_state']);
    expect(result.aliased).toContainEqual({ key: old, canonical });
    expect(result.aliased).toContainEqual({
      key: 'model_ema.input_blocks00bias',
      canonical: 'model_ema.diffusion_modelinput_blocks00bias',
    });
  });

  test('a UNet-only file is still sd1, with the missing keys listed', () => {
    const result = detected(
      detectArchitecture(
        registry,
        fullHeader('sd1', (k) => k.startsWith('model.diffusion_model.')),
      ),
    );
    expect(result.arch).toBe('sd1');
    expect(result.missing).toContain('first_stage_model.decoder.conv_in.weight');
    expect(result.missing).not.toContain('model.diffusion_model.input_blocks.0.0.weight');
  });

  test('unprefixed FLUX files are flux', () => {
    const header = new Map<string, TensorShape>();
    for (const [k, v] of fullHeader('flux', (key) => key.startsWith('model.diffusion_model.'))) {
      header.set(k.slice('model.diffusion_model.'.length), v);
    }
    const result = detected(detectArchitecture(registry, header));
    expect(result.arch).toBe('flux');
    expect(result.aliased.length).toBe(header.size);
  });
});

describe('unknown models', () => {
  test('a file of unrelated keys is unknown, every architecture ranked by distance', () => {
    const header = new Map<string, TensorShape>(
      Array.from({ length: 40 }, (_, i) => [`encoder.block.${i}.weight`, { shape: [8, 8], dtype: 'F32' }]),
    );
    const result = detectArchitecture(registry, header);
    expect('unknown' in result).toBe(true);
    if (!('unknown' in result)) return;
    expect(result.nearest.map((n) => n.arch).sort()).toEqual(['flux', 'sd1', 'sd3', 'sdxl']);
    const distances = result.nearest.map((n) => n.differing);
    expect(distances).toEqual([...distances].sort((x, y) => x - y));
  });

  test('an SD2-like file (sd1 keys with another text encoder) is unknown, nearest sd1', () => {
    const header = fullHeader('sd1', (k) => !k.startsWith('cond_stage_model.'));
    for (let i = 0; i < 24; i++) {
      for (const p of [
        'attn.in_proj_weight',
        'attn.out_proj.weight',
        'ln_1.weight',
        'ln_2.weight',
        'mlp.c_fc.weight',
        'mlp.c_proj.weight',
      ]) {
        header.set(`cond_stage_model.model.transformer.resblocks.${i}.${p}`, { shape: [1024], dtype: 'F16' });
      }
    }
    const result = detectArchitecture(registry, header);
    expect('unknown' in result && result.nearest[0]!.arch).toBe('sd1');
  });

  test('an empty header is unknown', () => {
    expect('unknown' in detectArchitecture(registry, new Map())).toBe(true);
  });
});

test('shapes break a tie between architectures with the same key names', () => {
  const make = (id: string, shape: number[]) =>
    ({
      format: ARCHITECTURE_FORMAT,
      id,
      components: [{ name: 'net', prefix: 'net', blocks: { 'in*': 'layers.*' } }],
      keys: [
        ['net.layers.0.weight', shape, 'F32'],
        ['net.layers.1.weight', shape, 'F32'],
      ],
    }) as const;
  const reg = createRegistry({ builtins: false, architectures: [make('small', [4, 4]), make('large', [8, 8])] });
  const header = new Map([
    ['net.layers.0.weight', { shape: [8, 8], dtype: 'F32' }],
    ['net.layers.1.weight', { shape: [8, 8], dtype: 'F32' }],
  ]);
  expect(detected(detectArchitecture(reg, header)).arch).toBe('large');
  header.set('net.layers.0.weight', { shape: [4, 4], dtype: 'F32' });
  header.set('net.layers.1.weight', { shape: [4, 4], dtype: 'F32' });
  expect(detected(detectArchitecture(reg, header)).arch).toBe('small');
});
