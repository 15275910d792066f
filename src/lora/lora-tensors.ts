/**
 * The tensors of a LoRA file grouped by module. Two naming schemes are read:
 * - kohya / sd-scripts, also used by LyCORIS LoCon: `lora_unet_<module>.lora_up.weight`, `.lora_down.weight`,
 *   `.alpha`, modules named `lora_unet_*`, `lora_te_*`, `lora_te1_*`, `lora_te2_*`;
 * - diffusers / PEFT: `unet.<module>.lora_B.weight` (up), `.lora_A.weight` (down), optional `.alpha`, modules under
 *   `unet.`, `text_encoder.`, `text_encoder_2.`.
 */

export type LoraFormat = 'kohya' | 'peft';

/** The tensor names of one module's factors. */
export interface LoraModule {
  readonly name: string;
  readonly format: LoraFormat;
  up?: string;
  down?: string;
  alpha?: string;
}

export interface LoraTensors {
  /** The scheme most of its modules use. */
  readonly format: LoraFormat;
  readonly modules: ReadonlyMap<string, LoraModule>;
  /** Tensors that are no LoRA factor mecha reads: LyCORIS LoHa/LoKr/CP factors, DoRA scales, anything else. */
  readonly unread: readonly string[];
}

const KOHYA = /^(lora_(?:unet|te|te1|te2)_.+)\.(lora_up\.weight|lora_down\.weight|alpha)$/;
const PEFT = /^((?:unet|text_encoder|text_encoder_2)\..+)\.(lora_B\.weight|lora_A\.weight|alpha)$/;
/** Factors of LoRA variants mecha does not read: recognised so the file still counts as a LoRA. */
const OTHER_VARIANT = /^(?:lora_(?:unet|te|te1|te2)_|(?:unet|text_encoder|text_encoder_2)\.).+\.(?:lora_mid\.weight|hada_\w+|lokr_\w+|dora_scale|diff|diff_b|on_input|scale)$/;

/** A file counts as a LoRA when nearly all its tensors are LoRA factors. */
const MIN_FACTOR_SHARE = 0.9;

/** The file's tensors by module, or undefined when its names are not a LoRA's. */
export function groupLoraTensors(names: Iterable<string>): LoraTensors | undefined {
  const modules = new Map<string, LoraModule>();
  const unread: string[] = [];
  let total = 0;
  let factors = 0;
  for (const name of names) {
    total++;
    const kohya = KOHYA.exec(name);
    const match = kohya ?? PEFT.exec(name);
    if (!match) {
      unread.push(name);
      if (OTHER_VARIANT.test(name)) factors++;
      continue;
    }
    factors++;
    const format: LoraFormat = kohya ? 'kohya' : 'peft';
    const moduleName = match[1]!;
    let module = modules.get(moduleName);
    if (!module) {
      module = { name: moduleName, format };
      modules.set(moduleName, module);
    }
    const role = match[2]!;
    if (role === 'alpha') module.alpha = name;
    else if (role === 'lora_up.weight' || role === 'lora_B.weight') module.up = name;
    else module.down = name;
  }
  if (total === 0 || modules.size === 0 || factors < MIN_FACTOR_SHARE * total) return undefined;
  let peft = 0;
  for (const m of modules.values()) if (m.format === 'peft') peft++;
  return { format: 2 * peft > modules.size ? 'peft' : 'kohya', modules, unread };
}
