import { availableParallelism, totalmem } from 'node:os';
import { DEFAULT_MEMORY_BUDGET } from '../runtime/executor/execute.js';
import type { Range } from '../cli/option-values.js';

/**
 * What `mechac run --threads` and `--memory-budget` accept. Each worker thread holds its own WebAssembly instance and
 * open inputs, so thousands of them exhaust memory before they help; 0 computes every key on the calling thread.
 */
export const THREADS: Range = { min: 0, max: 64 };

/** One worker per core, within the range. */
export function defaultThreads(): number {
  return Math.min(availableParallelism(), THREADS.max);
}

/**
 * From 1 MiB (keys larger than the budget still run, one at a time) to the memory this process may use: the
 * machine's, or a container's limit when lower. Above that the output ring cannot be allocated.
 */
export function memoryBudgetRange(): Range {
  return { min: 1024 * 1024, max: usableMemory() };
}

export function defaultMemoryBudget(): number {
  return Math.min(DEFAULT_MEMORY_BUDGET, usableMemory());
}

function usableMemory(): number {
  const total = totalmem();
  // A cgroup limit where one is set; Node reports none as undefined, 0, or an absurdly large number.
  const constrained = process.constrainedMemory?.();
  return constrained !== undefined && constrained > 0 && constrained < total ? constrained : total;
}
