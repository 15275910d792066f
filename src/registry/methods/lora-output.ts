import type { MethodSignature } from './signature.js';

/** Methods whose result is a LoRA file rather than a checkpoint. */

const FAMILY = 'lora';

/** The method that turns a delta into a LoRA: it ends a recipe, and `mechac run` writes a kohya-format LoRA. */
export const TO_LORA = 'to_lora';

export const LORA_OUTPUT_METHODS: readonly MethodSignature[] = [
  {
    name: TO_LORA,
    aliases: [],
    family: FAMILY,
    models: [{ name: 'delta', space: 'delta', doc: 'a difference of models, or a LoRA (LoRA to LoRA)' }],
    returns: 'lora',
    hypers: [
      { name: 'rank', type: 'int', default: 64, range: [1, 4096], perKey: true, doc: 'rank of each module (the cap in dynamic mode)' },
      { name: 'alpha', type: 'number', default: null, range: [0, null], doc: "the modules' alpha; unset: the rank" },
      {
        name: 'sv_fraction',
        type: 'number',
        default: null,
        range: [0, 1],
        doc: "dynamic rank: keep singular values at least this share of the largest (kohya's sv_ratio is 1 / this)",
      },
      {
        name: 'fro_share',
        type: 'number',
        default: null,
        range: [0, 1],
        doc: "dynamic rank: keep the fewest singular values reaching this share of the Frobenius norm (kohya's sv_fro)",
      },
    ],
    doc:
      'Extracts a LoRA from a delta, as kohya\'s extract_lora_from_models does: each unet and text-encoder linear or ' +
      'convolution weight, flattened to out x (in kh kw), is replaced by its best rank-r approximation U S V^T ' +
      '(randomized block-Krylov SVD, within 1% of the exact truncation error), written as lora_up = U S ' +
      '(out x r, x 1 x 1 for convolutions) and lora_down = V^T (r x in, x kh x kw), with alpha (default r). ' +
      'sv_fraction or fro_share choose each module\'s rank up to rank. Other keys (biases, norms, the VAE) are ' +
      'left out. The result is written as a kohya LoRA, so to_lora must be the recipe\'s output.',
  },
];
