import { dtypeSize } from '../runtime/dtype/dtype.js';
import type { ComputeKey, Plan, PlanKey } from './plan.js';
import { windowedFactory } from '../runtime/methods/windowed.js';

/** The elementwise methods the executor streams in chunks (see runtime/executor/fused.ts). */
export const STREAMED_METHODS: ReadonlySet<string> = new Set(['weighted_sum', 'add_difference', 'subtract', 'n_average']);

/** A streamed key is read in blocks of this many elements; each value holds at most a block in fp32 and raw. */
const STREAM_BLOCK = 1 << 18;
const STREAM_BYTES_PER_ELEMENT = 6;

const STREAMED_DTYPES: ReadonlySet<string> = new Set(['F16', 'BF16', 'F32']);

/** Whether the executor can stream a key in chunks rather than decode its tensors whole. */
export function isStreamable(key: ComputeKey, workDtype: 'fp32' | 'fp64'): boolean {
  return (
    workDtype === 'fp32' &&
    STREAMED_DTYPES.has(key.dtype) &&
    key.program.loads.every((l) => STREAMED_DTYPES.has(l.dtype)) &&
    key.program.steps.every((s) => STREAMED_METHODS.has(s.method))
  );
}

/** Elements per window of a windowed key (see runtime/executor/windowed.ts): 1 MiB of fp32 per program value. */
export const WINDOW = 1 << 18;
/** A windowed key's fixed scratch: the raw bytes of one input window (up to 8 bytes an element) and counters. */
const WINDOW_SCRATCH_BYTES = WINDOW * 9;
/** The histograms of one streamed top-k selection. */
const SELECT_BYTES = 384 * 1024;

/**
 * Whether the executor can compute a key in windows although some step looks at whole tensors: fp32 work and every
 * step with a windowed form (TIES's thresholds, dropout, elementwise methods).
 */
export function isWindowable(key: ComputeKey, workDtype: 'fp32' | 'fp64'): boolean {
  return (
    workDtype === 'fp32' &&
    elementsOf(key.shape) > 0 &&
    key.program.steps.every((s) => windowedFactory(s.method, s.hypers, s.args.length) !== undefined)
  );
}

/** A windowed step's own scratch: its selections' histograms, dropped windows, masks. */
function windowedStepScratch(method: string, models: number, window: number): number {
  if (method === 'ties_sum_with_dropout') return models * (SELECT_BYTES + window * 4);
  if (method.startsWith('ties_sum')) return models * SELECT_BYTES;
  if (method === 'breadcrumbs') return models * (2 * SELECT_BYTES + window);
  return 0;
}

export function elementsOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Bytes resident while one key is computed and waiting to be written: its encoded output, plus the chunk scratch
 * of the streamed path, the windows of the windowed path or, for the generic path, every input and intermediate in
 * the work dtype (an upper bound: values are freed after their last use).
 */
export function keyMemory(key: PlanKey, workDtype: 'fp32' | 'fp64'): number {
  const n = elementsOf(key.shape);
  const output = n * dtypeSize(key.dtype);
  if (key.kind === 'copy') return 0;
  const values = key.program.loads.length + key.program.steps.length;
  if (isStreamable(key, workDtype)) return output + values * Math.min(n, STREAM_BLOCK) * STREAM_BYTES_PER_ELEMENT;
  if (isWindowable(key, workDtype)) {
    const steps = key.program.steps.reduce((sum, s) => sum + windowedStepScratch(s.method, s.args.length, Math.min(n, WINDOW)), 0);
    return output + values * Math.min(n, WINDOW) * 4 + WINDOW_SCRATCH_BYTES + steps;
  }
  return output + n * values * (workDtype === 'fp32' ? 4 : 8);
}

/** The most memory any single key needs: the floor of the executor's budget for this plan. */
export function largestKeyMemory(plan: Plan): { key: string; bytes: number } {
  let best = { key: '', bytes: 0 };
  for (const key of plan.keys) {
    const bytes = keyMemory(key, plan.workDtype);
    if (bytes > best.bytes) best = { key: key.name, bytes };
  }
  return best;
}
