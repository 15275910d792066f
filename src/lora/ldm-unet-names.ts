/**
 * The diffusers name of a module of an LDM-layout UNet (SD1, SDXL): `input_blocks.4.1.proj_in` is
 * `down_blocks.1.attentions.0.proj_in`. Both UNets have two layers per down block and three per up block, each
 * down block but the last ending in a downsampler and each up block but the last in an upsampler, so the block
 * numbers follow from the LDM index alone. Undefined for modules outside the blocks (`time_embed`, `out`, the
 * first convolution) and for ones diffusers names otherwise (norms).
 */
export function ldmUnetModuleToDiffusers(module: string): string | undefined {
  const match = /^(input_blocks|middle_block|output_blocks)\.(\d+)\.(?:(\d+)\.)?(.+)$/.exec(module);
  if (!match) return undefined;
  const [, group, first, second, rest] = match as unknown as [string, string, string, string | undefined, string];
  if (group === 'middle_block') {
    // middle_block.0 and .2 are resnets around the attention at .1 (there is no inner index).
    const index = Number(first);
    const inner = second === undefined ? rest : `${second}.${rest}`;
    if (index === 1) return `mid_block.attentions.0.${inner}`;
    const resnet = resnetPart(inner);
    return resnet && (index === 0 || index === 2) ? `mid_block.resnets.${index / 2}.${resnet}` : undefined;
  }
  if (second === undefined) return undefined;
  const index = Number(first);
  const layer = Number(second);
  if (group === 'input_blocks') {
    if (index === 0) return undefined;
    const block = Math.floor((index - 1) / 3);
    const position = (index - 1) % 3;
    if (position === 2) return layer === 0 && rest === 'op' ? `down_blocks.${block}.downsamplers.0.conv` : undefined;
    if (layer === 0) return withResnet(`down_blocks.${block}.resnets.${position}`, rest);
    return layer === 1 ? `down_blocks.${block}.attentions.${position}.${rest}` : undefined;
  }
  const block = Math.floor(index / 3);
  const position = index % 3;
  if (layer === 0) return withResnet(`up_blocks.${block}.resnets.${position}`, rest);
  if (rest === 'conv') return `up_blocks.${block}.upsamplers.0.conv`;
  return layer === 1 ? `up_blocks.${block}.attentions.${position}.${rest}` : undefined;
}

function withResnet(prefix: string, rest: string): string | undefined {
  const part = resnetPart(rest);
  return part === undefined ? undefined : `${prefix}.${part}`;
}

/** LDM resnet layers by their diffusers names; the sequential indices are where each layer sits in LDM. */
const RESNET_LAYERS: Readonly<Record<string, string>> = {
  'in_layers.0': 'norm1',
  'in_layers.2': 'conv1',
  'emb_layers.1': 'time_emb_proj',
  'out_layers.0': 'norm2',
  'out_layers.3': 'conv2',
  skip_connection: 'conv_shortcut',
};

function resnetPart(rest: string): string | undefined {
  return RESNET_LAYERS[rest];
}
