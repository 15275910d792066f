import { copyTensor, fromDoubles, weightedSum } from '../linalg/blend.js';
import { numberHyper } from './hypers.js';
import { closeAsHalf } from '../linalg/half-close.js';
import { matmul } from '../linalg/matmul.js';
import { type Matrix, zeros } from '../linalg/matrix.js';
import { integerPower, orthogonalPower } from '../linalg/orthogonal-power.js';
import {
  applyTransform,
  applyTransformTransposed,
  denseTransform,
  orthogonalProcrustes,
} from '../linalg/procrustes.js';
import { type Kernel, elementCount } from './kernel.js';

/**
 * rotate(a, b; alignment = 1, alpha = 0): aligns a's neurons (rows) with b's by the orthogonal transform that best
 * maps one onto the other, after centering both. `alignment` is the power the transform is taken to (fractional
 * powers rotate part of the way, on a proper rotation), `alpha` interpolates a towards b rotated back into a's frame.
 * Conv weights with a spatial kernel are split into one row per (out, in) channel pair, so that the transform acts
 * on the kernel's spatial positions; other weights have one row per output channel. Vectors and tensors equal to
 * fp16 precision are a plain weighted sum with alpha.
 */
export const rotate: Kernel = (inputs, hypers, ctx) => {
  const [a, b] = inputs;
  if (!a || !b) throw new RangeError('rotate takes two tensors');
  const alignment = numberHyper(hypers, 'alignment', 1);
  const alpha = numberHyper(hypers, 'alpha', 0);
  if (alignment === 0 && alpha === 0) return copyTensor(a, ctx);
  if (a.shape.length < 2 || closeAsHalf(a.data, b.data)) return weightedSum(a, b, alpha, ctx);

  const total = elementCount(a.shape);
  if (total === 0) return copyTensor(a, ctx);
  const isConv = a.shape.length === 4 && a.shape[3] !== 1;
  const cols = isConv ? a.shape[2]! * a.shape[3]! : total / a.shape[0]!;
  const rows = total / cols;

  const an = centered(a.data, rows, cols);
  const bn = centered(b.data, rows, cols);
  const fractional = !Number.isInteger(alignment);
  const rotation = orthogonalProcrustes(an.m, bn.m, fractional);

  let x = an.m;
  if (alpha !== 0) {
    // Interpolate the relationship between the neurons: b brought into a's frame.
    const back = applyTransformTransposed(bn.m, rotation);
    const mixed = zeros(rows, cols);
    for (let i = 0; i < x.data.length; i++) mixed.data[i] = (1 - alpha) * x.data[i]! + alpha * back.data[i]!;
    x = mixed;
  }

  if (fractional) x = matmul(x, orthogonalPower(denseTransform(rotation), alignment));
  else if (alignment === 1) x = applyTransform(x, rotation);
  else if (alignment !== 0) x = matmul(x, integerPower(denseTransform(rotation), alignment));

  const out = x.data;
  for (let j = 0; j < cols; j++) {
    const c = (1 - alignment) * an.centroid[j]! + alignment * bn.centroid[j]!;
    for (let i = 0; i < rows; i++) out[i * cols + j] = out[i * cols + j]! + c;
  }
  return fromDoubles(a.shape, out, ctx);
};

/** The rows x cols view of `data` minus its column means (the centroid of the rows), in doubles. */
function centered(data: ArrayLike<number>, rows: number, cols: number): { m: Matrix; centroid: Float64Array } {
  const m = zeros(rows, cols);
  const centroid = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) centroid[j] += data[i * cols + j]!;
  for (let j = 0; j < cols; j++) centroid[j] = centroid[j]! / rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) m.data[i * cols + j] = data[i * cols + j]! - centroid[j]!;
  }
  return { m, centroid };
}
