/**
 * tensor_sum(a, b, width=0.5, offset=0.0): copies a window of rows (along the first dimension) from b into a; when
 * the window wraps past the end, a's rows go into b instead. A 0-d tensor is b when width > 0.5, else a.
 */

import type { Kernel } from './kernel.js';
import { numberHyper } from './hypers.js';
import { ratioToRegion } from './region.js';
import { requireInputs, requireSameShape } from './tensors.js';

export const tensorSum: Kernel = (inputs, hypers, ctx) => {
  requireInputs('tensor_sum', inputs, 2);
  requireSameShape('tensor_sum', inputs, ctx);
  const [a, b] = inputs;
  const width = numberHyper(hypers, 'width', 0.5);
  const offset = numberHyper(hypers, 'offset', 0.0);
  const out = ctx.alloc(a.data.length);
  if (a.shape.length === 0) {
    out.set(width > 0.5 ? b.data : a.data);
    return { shape: a.shape, data: out };
  }
  const rows = a.shape[0];
  const rowSize = rows === 0 ? 0 : a.data.length / rows;
  const region = ratioToRegion(width, offset, rows);
  const [base, window] = region.inverted ? [b.data, a.data] : [a.data, b.data];
  out.set(base);
  // Python slicing clamps the bounds and yields nothing when start >= end.
  const start = Math.min(Math.max(region.start, 0), rows);
  const end = Math.min(Math.max(region.end, 0), rows);
  if (end > start) out.set(window.subarray(start * rowSize, end * rowSize), start * rowSize);
  return { shape: a.shape, data: out };
};
