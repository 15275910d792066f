/** Argument checks shared by the kernels: how many inputs, and that elementwise inputs agree in shape. */

import type { KernelContext, Tensor } from './kernel.js';

export function requireInputs(method: string, inputs: readonly Tensor[], min: number, max = min): void {
  if (inputs.length < min || inputs.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new RangeError(`${method} takes ${expected} models, got ${inputs.length}`);
  }
}

/** Elementwise methods need identical shapes: sd-mecha never broadcasts one model against another. */
export function requireSameShape(method: string, inputs: readonly Tensor[], ctx: KernelContext): void {
  const first = inputs[0].shape;
  for (let i = 1; i < inputs.length; i++) {
    const shape = inputs[i].shape;
    if (shape.length !== first.length || shape.some((d, j) => d !== first[j])) {
      throw new RangeError(
        `${method}: shape mismatch at key '${ctx.key}': [${first.join(', ')}] vs [${shape.join(', ')}] (model ${i})`,
      );
    }
  }
}
