import { DIFFERENCE_METHODS } from './difference.js';
import { HELPER_METHODS } from './helpers.js';
import { LINEAR_METHODS } from './linear.js';
import { LORA_OUTPUT_METHODS } from './lora-output.js';
import { SELECTION_METHODS } from './selection.js';
import type { MethodSignature } from './signature.js';
import { SPECTRAL_METHODS } from './spectral.js';
import { TIES_METHODS } from './ties.js';

export * from './signature.js';
export {
  HYPER_BUILTINS,
  type HyperBuiltin,
  type HyperBuiltinParam,
  type HyperBuiltinParamKind,
} from './hyper-builtins.js';

/** Every built-in merge method, grouped by family in the order listings show them. */
export const BUILTIN_METHODS: readonly MethodSignature[] = [
  ...LINEAR_METHODS,
  ...DIFFERENCE_METHODS,
  ...TIES_METHODS,
  ...SPECTRAL_METHODS,
  ...SELECTION_METHODS,
  ...HELPER_METHODS,
  ...LORA_OUTPUT_METHODS,
];
