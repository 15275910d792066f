import type { DType } from '../runtime/dtype/dtype.js';

/** The names `--save-dtype` takes, and the safetensors dtype each writes. */
export const SAVE_DTYPES: Readonly<Record<string, DType>> = {
  fp16: 'F16',
  bf16: 'BF16',
  fp32: 'F32',
  fp64: 'F64',
  fp8_e4m3: 'F8_E4M3',
  fp8_e5m2: 'F8_E5M2',
};
