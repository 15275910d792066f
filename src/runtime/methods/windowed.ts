/**
 * Merge methods that can be computed a window of elements at a time although they look at whole tensors: their
 * whole-tensor part reduces to a few statistics (TIES's top-k thresholds) gathered in passes over the windows of
 * their arguments, or to a per-element rule with random access (dropout's counter-based random stream). Computed
 * this way a key needs memory for a few windows instead of a few whole tensors, and gives the same bytes.
 */

import type { Hypers, KernelContext, Tensor } from './kernel.js';
import { KERNELS_ELEMENTWISE } from './elementwise.js';
import { numberHyper, switchHyper } from './hypers.js';
import { tiesMeanInto } from './ties-deltas.js';
import { dropoutDraw, dropoutWindow } from './dropout.js';
import { StreamedAbsSelect } from '../kernels/streamed-select.js';
import { breadcrumbsBand, MagnitudeBand } from './breadcrumbs.js';
import { scaledSum } from './task-arithmetic.js';
import { WINDOW } from '../../plan/memory.js';
import { uniformDropWindow, uniformTiesDropout } from './ties-dropout.js';
import { RandomStream } from '../random/stream.js';

/** One method step of a key computed in windows. */
export interface WindowedStep {
  /** How many passes over its arguments' windows it needs before it can compute (0: none). */
  readonly passes: number;
  /** Sees the windows of its arguments (elements first .. first + length - 1) during pass `pass`, in order. */
  observe(pass: number, args: readonly Float32Array[], first: number): void;
  /** Called after each pass has seen every window. */
  endPass(pass: number): void;
  /** Computes elements first .. first + out.length - 1 into `out` from its arguments' windows of that range. */
  compute(args: readonly Float32Array[], first: number, out: Float32Array, scratch: Uint8Array): void;
}

type WindowedFactory = (hypers: Hypers, models: number, total: number, ctx: KernelContext) => WindowedStep;

/** An elementwise kernel applied to each window. */
function elementwise(name: string): WindowedFactory {
  const kernel = KERNELS_ELEMENTWISE.get(name)!;
  return (hypers, _models, _total, ctx) => ({
    passes: 0,
    observe: () => undefined,
    endPass: () => undefined,
    compute(args, _first, out) {
      const tensors: Tensor[] = args.map((data) => ({ shape: [data.length], data }));
      out.set(kernel(tensors, hypers, ctx).data);
    },
  });
}

/** ties_sum (and ties_sum_extended's plain mean): each delta's top-k threshold in two histogram passes. */
const ties: WindowedFactory = (hypers, models, total, ctx) => {
  const k = numberHyper(hypers, 'k', 0.2);
  const voteSign = switchHyper(hypers, 'vote_sgn');
  // topKThreshold's rank: max(int((1 - k) * n), 1).
  const rank = Math.max(Math.trunc((1 - k) * total), 1);
  const selects = Array.from({ length: models }, () => new StreamedAbsSelect(total, rank));
  const thresholds = new Float64Array(models);
  return {
    passes: 2,
    observe(pass, args) {
      args.forEach((window, m) => (pass === 0 ? selects[m]!.countHigh(window) : selects[m]!.countLow(window)));
    },
    endPass(pass) {
      if (pass === 0) for (const s of selects) s.chooseBucket();
      else selects.forEach((s, m) => (thresholds[m] = Math.fround(s.result())));
    },
    compute(args, _first, out) {
      tiesMeanInto(args, thresholds, voteSign, ctx, out);
    },
  };
};

const dropout: WindowedFactory = (hypers, models, _total, ctx) => {
  const draw = dropoutDraw(hypers, models);
  return {
    passes: 0,
    observe: () => undefined,
    endPass: () => undefined,
    compute(args, first, out, scratch) {
      out.fill(0);
      const count = scratch.subarray(0, out.length);
      count.fill(0);
      dropoutWindow(draw, args, first, ctx, out, count);
    },
  };
};

/**
 * ties_sum_with_dropout with a uniform drop rate: each window of every delta is dropped again from its own words of
 * the model's random stream whenever it is needed, so the TIES passes see the same dropped deltas as the last one.
 */
const tiesWithDropout: WindowedFactory = (hypers, models, total, ctx) => {
  const settings = uniformTiesDropout(hypers)!;
  const inner = ties(hypers, models, total, ctx);
  const streams = Array.from({ length: models }, (_, m) => RandomStream.of(settings.seed, 'ties_sum_with_dropout', ctx.key, m));
  const dropped = Array.from({ length: models }, () => new Float32Array(Math.min(total, WINDOW)));
  const words = new Uint32Array(Math.min(total, 16384));
  let at = -1;
  const drop = (args: readonly Float32Array[], first: number): Float32Array[] => {
    const windows = args.map((window, m) => dropped[m]!.subarray(0, window.length));
    if (at !== first) args.forEach((window, m) => uniformDropWindow(window, first, streams[m]!, settings.keep, windows[m]!, words));
    at = first;
    return windows;
  };
  return {
    passes: inner.passes,
    observe(pass, args, first) {
      inner.observe(pass, drop(args, first), first);
    },
    endPass: (pass) => inner.endPass(pass),
    compute(args, windowFirst, out, scratch) {
      if (settings.p === 1) {
        out.fill(0);
        return;
      }
      inner.compute(drop(args, windowFirst), windowFirst, out, scratch);
      const r = ctx.round(settings.divisor);
      if (r !== 1) for (let i = 0; i < out.length; i++) out[i] = ctx.round(out[i]! / r);
    },
  };
};

/**
 * breadcrumbs: the band's two boundary magnitudes in two histogram passes, then a pass counting the magnitudes
 * below them; the last pass marks each window in position order, as ties at a boundary are decided by position.
 */
const breadcrumbs: WindowedFactory = (hypers, models, total, ctx) => {
  const { bottom, end, lambda } = breadcrumbsBand(hypers, total);
  const empty = bottom >= end;
  const needLo = !empty && bottom > 0;
  const needHi = !empty && end < total;
  const los = Array.from({ length: models }, () => (needLo ? new StreamedAbsSelect(total, bottom + 1) : undefined));
  const his = Array.from({ length: models }, () => (needHi ? new StreamedAbsSelect(total, end + 1) : undefined));
  const selects = [...los, ...his].filter((s) => s !== undefined);
  const bands: MagnitudeBand[] = [];
  const masks = Array.from({ length: models }, () => new Uint8Array(Math.min(total, WINDOW)));
  return {
    passes: 3,
    observe(pass, args) {
      args.forEach((window, m) => {
        if (pass === 2) bands[m]!.countBelow(window);
        else for (const s of [los[m], his[m]]) if (s) pass === 0 ? s.countHigh(window) : s.countLow(window);
      });
    },
    endPass(pass) {
      if (pass === 0) for (const s of selects) s.chooseBucket();
      if (pass === 1) {
        for (let m = 0; m < models; m++) {
          bands.push(new MagnitudeBand(total, bottom, end, los[m]?.result() ?? -1, his[m]?.result() ?? Infinity));
        }
      }
    },
    compute(args, first, out) {
      const keep = args.map((window, m) => {
        const mask = masks[m]!.subarray(0, window.length);
        if (empty) mask.fill(0);
        else bands[m]!.mark(window, mask, first === 0);
        return mask;
      });
      const tensors: Tensor[] = args.map((data) => ({ shape: [data.length], data }));
      out.set(scaledSum(tensors, lambda, ctx, (m) => keep[m]!).data);
    },
  };
};

/** Whether hypers allow the windowed form; invalid ones are left to the whole kernel, which reports them. */
function windowableHypers(settings: () => unknown): boolean {
  try {
    return settings() !== undefined;
  } catch {
    return false;
  }
}

/**
 * The windowed form of a step, or undefined when its method (or these hyperparameters of it) needs whole tensors.
 * Dropout's window counts survivors in bytes, so it takes fewer than 256 models, as the whole kernel does in bytes.
 */
export function windowedFactory(method: string, hypers: Hypers, models: number): WindowedFactory | undefined {
  if (KERNELS_ELEMENTWISE.has(method)) return elementwise(method);
  if (method === 'ties_sum') return ties;
  if (method === 'ties_sum_extended' && !switchHyper(hypers, 'apply_median') && !switchHyper(hypers, 'apply_stock')) return ties;
  if (method === 'dropout' && models < 256) return dropout;
  if (method === 'breadcrumbs') return breadcrumbs;
  if (method === 'ties_sum_with_dropout') return windowableHypers(() => uniformTiesDropout(hypers)) ? tiesWithDropout : undefined;
  return undefined;
}
