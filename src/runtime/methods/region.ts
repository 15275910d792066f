import { pythonRound } from './hypers.js';
/**
 * The slice of a tensor that tensor_sum and top_k_tensor_sum take from the second model, as sd-mecha 0.0.x's
 * ratio_to_region computes it: a window of relative `width` starting at relative `offset`, wrapping around the end
 * (then the region is "inverted": the first model fills the window and the second the rest).
 */

export interface Region {
  readonly start: number;
  readonly end: number;
  readonly inverted: boolean;
}

export function ratioToRegion(width: number, offset: number, n: number): Region {
  if (width < 0) {
    offset += width;
    width = -width;
  }
  width = Math.min(width, 1);
  if (offset < 0) offset = 1 + offset - Math.trunc(offset);
  offset = offset % 1;
  if (width + offset <= 1) {
    return { start: pythonRound(offset * n), end: pythonRound((width + offset) * n), inverted: false };
  }
  return { start: pythonRound((width + offset - 1) * n), end: pythonRound(offset * n), inverted: true };
}
