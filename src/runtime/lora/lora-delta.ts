import { gemm } from '../linalg/matmul.js';
import { elementCount, type KernelContext, type Tensor } from '../methods/kernel.js';

/** Rows of a delta multiplied out at once. */
const ROW_BLOCK = 64;

/** The plan step that turns a LoRA's factors into a checkpoint key's delta (see lora/lora-source.ts). */
export const LORA_STEP = 'lora';

/**
 * A LoRA delta from its factors: for each part, up (out x rank) times down (rank x the rest, a 3x3 kernel
 * flattened) times alpha / rank, in float64 as sd-mecha does, the parts stacked along the first dimension and the
 * result rounded once to the work dtype. `factors` says what the inputs are, one letter per part: `a` up, down,
 * alpha; `u` up, down (alpha = rank); `-` no inputs, a block of zeros as tall as the other parts.
 */
export function loraDelta(inputs: readonly Tensor[], factors: string, ctx: KernelContext): Tensor {
  const parts: ({ up: Tensor; down: Tensor; alpha: number | undefined } | undefined)[] = [];
  let next = 0;
  for (const letter of factors) {
    if (letter === '-') {
      parts.push(undefined);
      continue;
    }
    const up = inputs[next++]!;
    const down = inputs[next++]!;
    const alpha = letter === 'a' ? inputs[next++]!.data[0]! : undefined;
    parts.push({ up, down, alpha });
  }
  if (next !== inputs.length) throw new Error(`lora step: ${inputs.length} inputs for factors "${factors}"`);
  const first = parts.find((p) => p !== undefined);
  if (!first) throw new Error('lora step: no part has factors');
  const rows = first.up.shape[0]!;
  const columnShape = first.down.shape.slice(1);
  const columns = elementCount(columnShape);
  const out = ctx.alloc(rows * parts.length * columns);
  parts.forEach((part, index) => {
    if (!part) return;
    const { up, down } = part;
    const rank = down.shape[0]!;
    if (up.shape[0] !== rows || elementCount(down.shape) !== rank * columns || elementCount(up.shape) !== rows * rank) {
      throw new Error(`lora step: factors of shapes [${up.shape.join(', ')}] and [${down.shape.join(', ')}] do not fit`);
    }
    const scale = (part.alpha ?? rank) / rank;
    const up64 = Float64Array.from(up.data);
    const down64 = Float64Array.from(down.data);
    // A block of rows at a time keeps the float64 product small next to the key.
    const block = new Float64Array(Math.min(rows, ROW_BLOCK) * columns);
    const base = index * rows * columns;
    for (let r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
      const height = Math.min(ROW_BLOCK, rows - r0);
      block.fill(0);
      gemm(height, columns, rank, up64, r0 * rank, rank, down64, 0, columns, block, 0, columns);
      const offset = base + r0 * columns;
      for (let i = 0; i < height * columns; i++) out[offset + i] = block[i]! * scale;
    }
  });
  return { shape: [rows * parts.length, ...columnShape], data: out };
}
