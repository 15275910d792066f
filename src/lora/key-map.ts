import type { Architecture } from '../registry/architecture.js';
import { ldmUnetModuleToDiffusers } from './ldm-unet-names.js';

/** One LoRA module and the checkpoint key it adapts. */
export interface LoraTarget {
  /** The checkpoint key (canonical name). */
  readonly key: string;
  /** The module's kohya / sd-scripts name: `lora_unet_down_blocks_0_attentions_0_proj_in`. */
  readonly kohya: string;
  /** Its diffusers / PEFT name with the model prefix, `unet.down_blocks.0.attentions.0.proj_in`, when it has one. */
  readonly diffusers: string | undefined;
  /** Where the module's delta sits among the modules stacked into the key (q, k, v of one `in_proj_weight`). */
  readonly part: number;
  readonly parts: number;
}

/**
 * Checkpoint keys and LoRA module names, both ways, for one architecture. Derived by rule from the architecture's
 * key list: every linear or convolution weight (2-D or 4-D) of the text encoders and the UNet that LoRA trainers
 * adapt has a module name.
 */
export interface LoraKeyMap {
  readonly arch: string;
  /** The modules whose deltas make up a checkpoint key, in stacking order (one, or q, k, v). */
  modulesOf(key: string): readonly LoraTarget[] | undefined;
  byKohya(name: string): LoraTarget | undefined;
  byDiffusers(name: string): LoraTarget | undefined;
  /** Every checkpoint key a LoRA can adapt, in the architecture's order. */
  keys(): readonly string[];
}

/** The name rules of one architecture: a checkpoint key's module names, or undefined for a key LoRAs do not adapt. */
type NameRule = (key: string) => readonly { kohya: string; diffusers: string | undefined }[] | undefined;

const RULES: Readonly<Record<string, NameRule>> = { sd1: sd1Names, sdxl: sdxlNames };

const cache = new WeakMap<Architecture, LoraKeyMap | null>();

/** The LoRA key map of an architecture, or undefined when mecha knows no LoRA layout for it. */
export function loraKeyMap(arch: Architecture): LoraKeyMap | undefined {
  const known = cache.get(arch);
  if (known !== undefined) return known ?? undefined;
  const rule = RULES[arch.id];
  const map = rule ? buildMap(arch, rule) : undefined;
  cache.set(arch, map ?? null);
  return map;
}

/** The architectures that have a LoRA layout. */
export function hasLoraLayout(archId: string): boolean {
  return RULES[archId] !== undefined;
}

function buildMap(arch: Architecture, rule: NameRule): LoraKeyMap {
  const byKey = new Map<string, LoraTarget[]>();
  const byKohya = new Map<string, LoraTarget>();
  const byDiffusers = new Map<string, LoraTarget>();
  for (const facts of arch.keys.values()) {
    if (facts.shape.length !== 2 && facts.shape.length !== 4) continue;
    const names = rule(facts.name);
    if (!names) continue;
    const targets = names.map((n, part) => ({ key: facts.name, kohya: n.kohya, diffusers: n.diffusers, part, parts: names.length }));
    byKey.set(facts.name, targets);
    for (const t of targets) {
      byKohya.set(t.kohya, t);
      if (t.diffusers !== undefined) byDiffusers.set(t.diffusers, t);
    }
  }
  const keys = [...byKey.keys()];
  return {
    arch: arch.id,
    modulesOf: (key) => byKey.get(arch.canonicalKey(key) ?? key),
    byKohya: (name) => byKohya.get(name),
    byDiffusers: (name) => byDiffusers.get(name),
    keys: () => keys,
  };
}

/** `a.b.c.weight` -> `a.b.c`; undefined for other tensors (biases, buffers). */
function moduleOf(key: string, prefix: string): string | undefined {
  if (!key.startsWith(prefix) || !key.endsWith('.weight')) return undefined;
  return key.slice(prefix.length, -'.weight'.length);
}

const underscores = (dotted: string): string => dotted.replaceAll('.', '_');

function unetNames(module: string, kohyaPath: string) {
  const diffusers = ldmUnetModuleToDiffusers(module);
  return [{ kohya: `lora_unet_${underscores(kohyaPath)}`, diffusers: diffusers === undefined ? undefined : `unet.${diffusers}` }];
}

/** SD1: kohya names the UNet's modules by their diffusers names, the text encoder's by its transformers names. */
function sd1Names(key: string) {
  const unet = moduleOf(key, 'model.diffusion_model.');
  if (unet !== undefined) {
    const diffusers = ldmUnetModuleToDiffusers(unet);
    return diffusers === undefined ? undefined : unetNames(unet, diffusers);
  }
  const text = moduleOf(key, 'cond_stage_model.transformer.');
  if (text !== undefined) return [{ kohya: `lora_te_${underscores(text)}`, diffusers: `text_encoder.${text}` }];
  return undefined;
}

/**
 * SDXL: kohya names the UNet's modules by their LDM names; the first text encoder by its transformers names; the
 * second (an OpenCLIP model in the checkpoint) by the transformers names of the same layers, where the
 * checkpoint's one stacked `in_proj_weight` is three modules, q, k and v.
 */
function sdxlNames(key: string) {
  const unet = moduleOf(key, 'model.diffusion_model.');
  if (unet !== undefined) return unetNames(unet, unet);
  const text = moduleOf(key, 'conditioner.embedders.0.transformer.');
  if (text !== undefined) return [{ kohya: `lora_te1_${underscores(text)}`, diffusers: `text_encoder.${text}` }];
  const block = /^conditioner\.embedders\.1\.model\.transformer\.resblocks\.(\d+)\.(.+)$/.exec(key);
  if (!block) return undefined;
  const layer = `text_model.encoder.layers.${block[1]!}`;
  const rest = block[2]!;
  const hf = (module: string) => {
    const name = `${layer}.${module}`;
    return { kohya: `lora_te2_${underscores(name)}`, diffusers: `text_encoder_2.${name}` };
  };
  if (rest === 'attn.in_proj_weight') return ['q', 'k', 'v'].map((p) => hf(`self_attn.${p}_proj`));
  const module = OPEN_CLIP_LAYERS[rest];
  return module === undefined ? undefined : [hf(module)];
}

/** The second SDXL text encoder's layers (OpenCLIP names) by their transformers names. */
const OPEN_CLIP_LAYERS: Readonly<Record<string, string>> = {
  'attn.out_proj.weight': 'self_attn.out_proj',
  'mlp.c_fc.weight': 'mlp.fc1',
  'mlp.c_proj.weight': 'mlp.fc2',
};
