/**
 * Writes the built-in architecture data files (src/registry/data/*.json) from the reference facts:
 *
 *   npx tsx scripts/gen-architectures.ts <reference-dir>
 *
 * where <reference-dir> holds `model-configs/*.yaml` (every key with shape, dtype, component, aliases and
 * optionality, as sd-mecha 1.x publishes them) and `seed-era/*.yaml` + `*_keys.txt` (the 2024 block definitions).
 * sd1 and sdxl take their blocks and pass-through prefixes from the seed era; sd3 and flux, which the seed-era
 * files do not cover, take the definitions below (block layouts as sd-mecha 0.0.29 shipped them, adjusted to the
 * key names of the model configs; CLIP-L is `txt` everywhere, and component names carry no `_` so that legacy
 * dict keys such as `flux_txt_block_in3` split unambiguously). Class rules are this project's (see src/registry/README.md).
 *
 * Run by hand when the facts change; the output is committed. It checks what it writes: every seed-era key is
 * known, every merged key has a class, aliases are reproduced exactly by the prefix rules.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  ARCHITECTURE_FORMAT,
  type ArchitectureData,
  type ClassRuleData,
  type ComponentData,
  type KeyTuple,
} from '../src/registry/architecture-data.js';
import { createArchitecture } from '../src/registry/architecture.js';
import type { DType } from '../src/runtime/dtype/dtype.js';

const OUT_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../src/registry/data');

interface ModelConfigYaml {
  identifier: string;
  components: Record<
    string,
    Record<string, { shape?: number[]; dtype?: string; aliases?: string[]; optional?: boolean }>
  >;
}

interface SeedYaml {
  passthrough: string[];
  merge: Record<string, { prefix: string; blocks: Record<string, string | string[]> }>;
  keys: string;
}

const TORCH_TO_SAFETENSORS: Record<string, DType> = {
  float64: 'F64',
  float32: 'F32',
  float16: 'F16',
  bfloat16: 'BF16',
  int64: 'I64',
  int32: 'I32',
  int16: 'I16',
  int8: 'I8',
  uint8: 'U8',
  bool: 'BOOL',
};

const UNET_CLASSES: ClassRuleData = {
  strip: ['input_blocks.*.*', 'middle_block.*', 'output_blocks.*.*', 'transformer_blocks.*'],
  names: { 'input_blocks.0.0': 'conv_in', 'out.0': 'norm_out', 'out.2': 'conv_out' },
};
const CLIP_HF_CLASSES: ClassRuleData = { strip: ['encoder.layers.*'] };
const OPEN_CLIP_CLASSES: ClassRuleData = { strip: ['transformer.resblocks.*'] };
const COMFY_CLIP_CLASSES: ClassRuleData = {
  strip: ['transformer.text_model.encoder.layers.*', 'transformer.text_model', 'transformer'],
};
const COMFY_T5_CLASSES: ClassRuleData = {
  strip: ['transformer.encoder.block.*', 'transformer.encoder', 'transformer'],
};

const DESCRIPTIONS: Record<string, string> = {
  txt: 'CLIP ViT-L text encoder',
  txt2: 'OpenCLIP ViT-bigG text encoder',
  unet: 'denoising UNet',
};

function comfyClip(prefix: string, layers: number): Omit<ComponentData, 'name' | 'description'> {
  const last = layers - 1;
  return {
    prefix,
    blocks: {
      in0: ['transformer.text_model.encoder.layers.0', 'transformer.text_model.embeddings'],
      [`in${last}`]: [
        `transformer.text_model.encoder.layers.${last}`,
        'transformer.text_model.final_layer_norm',
        'transformer.text_projection',
        'logit_scale',
      ],
      'in*': ['transformer.text_model.encoder.layers.*'],
    },
    classes: COMFY_CLIP_CLASSES,
  };
}

function comfyT5(prefix: string): Omit<ComponentData, 'name' | 'description'> {
  return {
    prefix,
    blocks: {
      in0: ['transformer.encoder.block.0', 'transformer.shared'],
      in23: ['transformer.encoder.block.23', 'transformer.encoder.final_layer_norm', 'logit_scale'],
      'in*': ['transformer.encoder.block.*'],
    },
    classes: COMFY_T5_CLASSES,
  };
}

const SD3_EMBEDDERS = ['pos_embed', 't_embedder', 'x_embedder', 'y_embedder'];
const FLUX_EMBEDDERS = ['time_in', 'vector_in', 'guidance_in'];

interface Plan {
  id: string;
  aliases: string[];
  description: string;
  config: string;
  configAliases?: string[];
  seed?: { yaml: string; order: string[] };
  components?: ComponentData[];
  passthrough?: string[];
  classes?: Record<string, ClassRuleData>;
  mbw?: { file: string; base: string[] };
}

const PLANS: Plan[] = [
  {
    id: 'sd1',
    aliases: ['sd1-ldm'],
    description: 'Stable Diffusion 1.x, LDM key layout',
    config: 'sd1-ldm',
    seed: { yaml: 'sd1_ldm.yaml', order: ['txt', 'unet'] },
    classes: { txt: CLIP_HF_CLASSES, unet: UNET_CLASSES },
    mbw: { file: 'sd1-supermerger_blocks.yaml', base: ['txt'] },
  },
  {
    id: 'sdxl',
    aliases: ['sdxl-sgm'],
    description: 'Stable Diffusion XL, SGM key layout',
    config: 'sdxl-sgm',
    seed: { yaml: 'sdxl_sgm.yaml', order: ['txt', 'txt2', 'unet'] },
    classes: { txt: CLIP_HF_CLASSES, txt2: OPEN_CLIP_CLASSES, unet: UNET_CLASSES },
    mbw: { file: 'sdxl-supermerger_blocks.yaml', base: ['txt', 'txt2'] },
  },
  {
    id: 'sd3',
    aliases: ['sd3-comfyui'],
    description: 'Stable Diffusion 3 (MMDiT), ComfyUI key layout',
    config: 'sd3-comfyui',
    passthrough: [
      'first_stage_model',
      'model.model_sampling',
      'text_encoders.clip_l.transformer.text_model.embeddings.position_ids',
    ],
    components: [
      { name: 'txt', description: 'CLIP ViT-L text encoder', ...comfyClip('text_encoders.clip_l', 12) },
      { name: 'txt2', description: 'OpenCLIP ViT-bigG text encoder', ...comfyClip('text_encoders.clip_g', 32) },
      { name: 't5xxl', description: 'T5-XXL text encoder', ...comfyT5('text_encoders.t5xxl') },
      {
        name: 'unet',
        description: 'MMDiT denoiser (named `unet` as in sd-mecha 0.0.x)',
        prefix: 'model.diffusion_model',
        blocks: {
          in0: ['joint_blocks.0', ...SD3_EMBEDDERS, 'context_embedder'],
          in23: ['joint_blocks.23', ...SD3_EMBEDDERS, 'final_layer'],
          'in*': ['joint_blocks.*', ...SD3_EMBEDDERS],
        },
        classes: { strip: ['joint_blocks.*'] },
      },
    ],
  },
  {
    id: 'flux',
    aliases: ['flux_dev-flux', 'flux-flux'],
    description: 'FLUX.1 (dev/schnell), BFL key layout',
    config: 'flux_dev-flux',
    configAliases: ['flux-flux'],
    passthrough: ['vae'],
    components: [
      { name: 'txt', description: 'CLIP ViT-L text encoder', ...comfyClip('text_encoders.clip_l', 12) },
      { name: 't5xxl', description: 'T5-XXL text encoder', ...comfyT5('text_encoders.t5xxl') },
      {
        name: 'transformer',
        description: 'rectified-flow transformer: 19 double-stream and 38 single-stream blocks',
        prefix: 'model.diffusion_model',
        blocks: {
          double0: ['double_blocks.0', ...FLUX_EMBEDDERS, 'img_in', 'txt_in'],
          single37: ['single_blocks.37', ...FLUX_EMBEDDERS, 'final_layer'],
          'double*': ['double_blocks.*', ...FLUX_EMBEDDERS],
          'single*': ['single_blocks.*', ...FLUX_EMBEDDERS],
        },
        classes: { strip: ['double_blocks.*', 'single_blocks.*'] },
      },
    ],
  },
];

const CONFIG_FILES: Record<string, string> = {
  'sd1-ldm': 'sd1-ldm.yaml',
  'sdxl-sgm': 'sdxl-sgm.yaml',
  'sd3-comfyui': 'sd3-comfyui.yaml',
  'flux_dev-flux': 'flux-flux.yaml',
};

function fail(message: string): never {
  throw new Error(message);
}

/** The prefix rewrite that turns `key` into `alias` (their longest common tail kept). */
function aliasRule(key: string, alias: string): [string, string] {
  let i = 0;
  while (i < key.length && i < alias.length && key[key.length - 1 - i] === alias[alias.length - 1 - i]) i++;
  return [key.slice(0, key.length - i), alias.slice(0, alias.length - i)];
}

function build(plan: Plan, ref: string): ArchitectureData {
  const cfg = parse(readFileSync(join(ref, 'model-configs', CONFIG_FILES[plan.config]!), 'utf8')) as ModelConfigYaml;
  if (cfg.identifier !== plan.config) fail(`${plan.id}: config identifier ${cfg.identifier} != ${plan.config}`);

  let components: ComponentData[];
  let passthrough: string[];
  if (plan.seed) {
    const seed = parse(readFileSync(join(ref, 'seed-era', plan.seed.yaml), 'utf8')) as SeedYaml;
    components = plan.seed.order.map((name) => {
      const c = seed.merge[name] ?? fail(`${plan.id}: seed era has no component ${name}`);
      return {
        name,
        description: DESCRIPTIONS[name] ?? '',
        prefix: c.prefix,
        blocks: c.blocks,
        classes: plan.classes![name]!,
      };
    });
    passthrough = seed.passthrough;
    const seedKeys = readFileSync(join(ref, 'seed-era', seed.keys), 'utf8')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    const known = new Set(Object.values(cfg.components).flatMap((c) => Object.keys(c)));
    const unknown = seedKeys.filter((k) => !known.has(k));
    if (unknown.length > 0)
      fail(`${plan.id}: seed-era keys missing from ${plan.config}: ${unknown.slice(0, 5).join(', ')}`);
  } else {
    components = plan.components!;
    passthrough = plan.passthrough ?? [];
  }

  const keys: KeyTuple[] = [];
  const rules = new Map<string, [string, string]>();
  const expectedAliases = new Map<string, string[]>();
  for (const [component, entries] of Object.entries(cfg.components)) {
    for (const [name, facts] of Object.entries(entries)) {
      const dtype =
        TORCH_TO_SAFETENSORS[facts.dtype ?? ''] ?? fail(`${plan.id}: ${name}: unknown dtype ${facts.dtype}`);
      const shape = facts.shape ?? fail(`${plan.id}: ${name}: no shape`);
      keys.push(facts.optional ? [name, shape, dtype, component, 'optional'] : [name, shape, dtype, component]);
      for (const alias of facts.aliases ?? []) {
        const rule = aliasRule(name, alias);
        rules.set(rule.join('\u0000'), rule);
      }
      expectedAliases.set(name, facts.aliases ?? []);
    }
  }

  let mbw: [string, ...string[]][] | undefined;
  if (plan.mbw) {
    const blocks = parse(readFileSync(join(ref, 'model-configs', plan.mbw.file), 'utf8')) as ModelConfigYaml;
    mbw = [];
    for (const label of Object.keys(blocks.components['blocks'] ?? {})) {
      const m = /^(IN|M|OUT)(\d+)$/.exec(label);
      if (label === 'BASE') mbw.push([label, ...plan.mbw.base] as [string, ...string[]]);
      else if (m)
        mbw.push([
          label,
          `unet.${m[1] === 'IN' ? 'in' : m[1] === 'OUT' ? 'out' : 'mid'}${m[1] === 'M' ? '' : Number(m[2])}`,
        ]);
      // Other slots (sd-mecha 1.x's `VAE`) address keys that legacy and v1 recipes pass through.
    }
  }

  const data: ArchitectureData = {
    format: ARCHITECTURE_FORMAT,
    id: plan.id,
    aliases: plan.aliases,
    description: plan.description,
    passthrough,
    components,
    config: {
      id: plan.config,
      ...(plan.configAliases ? { aliases: plan.configAliases } : {}),
      components: Object.keys(cfg.components),
    },
    ...(rules.size > 0 ? { keyAliases: [...rules.values()] } : {}),
    ...(mbw ? { mbw } : {}),
    keys,
  };
  check(data, expectedAliases);
  return data;
}

function check(data: ArchitectureData, expectedAliases: ReadonlyMap<string, readonly string[]>): void {
  const arch = createArchitecture(data);
  for (const [name, facts] of arch.keys) {
    const want = expectedAliases.get(name) ?? [];
    if (want.join('\n') !== facts.aliases.join('\n'))
      fail(`${data.id}: alias rules give ${facts.aliases} for ${name}, not ${want}`);
  }
  for (const key of arch.mergedKeys()) {
    const info = arch.keyInfo(key)!;
    if (info.class === undefined) fail(`${data.id}: merged key ${key} has no class`);
  }
  for (const c of arch.components) {
    if (c.blocks.length === 0) fail(`${data.id}.${c.name}: no blocks discovered`);
    const unblocked = c.keys.filter((k) => arch.keyInfo(k)!.blocks.length === 0);
    const summary = `${data.id}.${c.name}: ${c.keys.length} keys, blocks ${c.blocks[0]}..${c.blocks.at(-1)} (${c.blocks.length}), ${c.classes.length} classes`;
    console.log(unblocked.length > 0 ? `${summary}; in no block: ${unblocked.join(', ')}` : summary);
  }
  console.log(
    `${data.id}: ${arch.keys.size} keys, ${arch.mergedKeys().length} merged, ${arch.passthroughKeys().length} pass through`,
  );
}

/** JSON with one key per line: small, and diffs show which key changed. */
function stringify(data: ArchitectureData): string {
  const { keys, ...rest } = data;
  const head = JSON.stringify(rest, null, 1);
  const lines = keys.map((k) => JSON.stringify(k));
  return `${head.slice(0, -2)},\n "keys": [\n${lines.join(',\n')}\n ]\n}\n`;
}

function main(): void {
  const ref = process.argv[2] ?? fail('usage: tsx scripts/gen-architectures.ts <reference-dir>');
  for (const plan of PLANS) {
    const data = build(plan, ref);
    const text = stringify(data);
    JSON.parse(text);
    const file = join(OUT_DIR, `${plan.id}.json`);
    writeFileSync(file, text);
    console.log(`wrote ${file} (${text.length} bytes)`);
  }
}

main();
