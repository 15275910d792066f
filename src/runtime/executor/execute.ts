import { availableParallelism } from 'node:os';
import type { CopyKey, Plan } from '../../plan/plan.js';
import { keyMemory } from '../../plan/memory.js';
import { openModel } from '../safetensors/sharded.js';
import type { TensorReader } from '../safetensors/reader.js';
import { SafetensorsWriter } from '../safetensors/writer.js';
import { assertDistinctOutput } from '../safetensors/distinct-output.js';
import { KERNELS } from '../methods/index.js';
import { KeyComputer, outputBytes, type KernelTable } from './compute.js';
import { WorkerPool, type ComputeOutcome } from './pool.js';
import { OutputArena } from './arena.js';

export interface ExecuteOptions {
  readonly output: string;
  /** Files the run read besides the models (the recipe, composed sub-recipes): the output must not be one of them. */
  readonly sources?: readonly string[];
  /** Worker threads computing keys; 0 computes every key on the calling thread, with the same kernels. */
  readonly threads?: number;
  /**
   * Bytes of tensors allowed in flight (computing, or written and waiting for their turn in plan order): half for
   * encoded keys (at least twice the largest key, so that every key fits), half for the workers' scratch.
   */
  readonly memoryBudget?: number;
  /** Kernels for computing on the calling thread (default: the built-in table, the one workers load). */
  readonly kernels?: KernelTable;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
}

export interface Progress {
  readonly keysDone: number;
  readonly keysTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly key: string;
  readonly shape: readonly number[];
}

export interface ExecuteSummary {
  readonly keys: number;
  readonly bytes: number;
  readonly seconds: number;
  /** Keys whose result held NaN or infinite values, with how many. */
  readonly nonFinite: readonly { key: string; count: number }[];
}

export const DEFAULT_MEMORY_BUDGET = 512 * 1024 * 1024;

/** Thrown when the run was cancelled (Ctrl-C); nothing was left at the output path. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('cancelled; no output was written');
  }
}

/** Bytes copied per read for passthrough keys. */
const COPY_CHUNK = 8 << 20;
/** Bytes written between two write-backs started during the run, so the final fsync has little left to do. */
const WRITEBACK_EVERY = 256 << 20;

/**
 * Streams a plan into a safetensors file. The header fixes every key's offset before any data exists, so merged
 * keys are computed and written at their offsets by a pool of workers, ahead of plan order as far as the memory
 * budget allows; this thread copies passthrough keys byte for byte, accounts for finished keys in plan order
 * (arena slots are released in that order) and starts the write-back of the file as it grows. On any failure or
 * cancellation the workers are stopped, the temporary output is removed and the error rethrown; the inputs are
 * only ever read.
 */
export async function execute(plan: Plan, options: ExecuteOptions): Promise<ExecuteSummary> {
  const started = performance.now();
  const threads = options.threads ?? availableParallelism();
  const budget = options.memoryBudget ?? DEFAULT_MEMORY_BUDGET;
  const readers: TensorReader[] = [];
  let writer: SafetensorsWriter | undefined;
  let pool: WorkerPool | undefined;
  try {
    for (const input of plan.inputs) readers.push(openModel(input.path));
    assertDistinctOutput(options.output, [...(options.sources ?? []), ...readers.flatMap(filesOf)]);
    writer = SafetensorsWriter.create(
      options.output,
      plan.keys.map((k) => ({ name: k.name, dtype: k.dtype, shape: k.shape })),
      plan.metadata,
    );
    const inline = threads <= 0;
    const largest = plan.keys.reduce((max, k) => (k.kind === 'compute' ? Math.max(max, outputBytes(k)) : max), 0);
    // Half the budget holds encoded keys until their turn in plan order; the other half is the workers' scratch.
    const arena = new OutputArena(Math.max(Math.floor(budget / 2), 2 * largest + 64, 64));
    const computer = inline ? new KeyComputer(options.kernels ?? KERNELS, plan.workDtype) : undefined;
    pool = inline
      ? undefined
      : new WorkerPool(threads, {
          inputs: plan.inputs.map((i) => i.path),
          workDtype: plan.workDtype,
          arena: arena.buffer,
          output: { path: writer.path, descriptor: writer.descriptor },
        });
    const copyBuffer = new Uint8Array(COPY_CHUNK);

    const bytesTotal = writer.header.fileSize - writer.header.dataStart;
    const ahead = new Map<number, { promise: Promise<ComputeOutcome>; cost: number; offset: number }>();
    let inFlight = 0;
    let next = 0; // the next key to consider for dispatch
    const nonFinite: { key: string; count: number }[] = [];
    let bytesDone = 0;
    let writtenBack = 0; // bytesDone when the last write-back started
    let writeback: Promise<void> | undefined;
    let writingBack = false;

    const dispatch = (): void => {
      if (!pool) return;
      // Keep every worker fed, within the budget, and never run further ahead than a few keys per worker.
      while (next < plan.keys.length && ahead.size < pool.size * 4) {
        const key = plan.keys[next]!;
        if (key.kind === 'copy') {
          next++;
          continue;
        }
        const cost = keyMemory(key, plan.workDtype);
        if (ahead.size > 0 && inFlight + cost > budget) break;
        const offset = arena.allocate(outputBytes(key));
        if (offset === undefined) break; // the ring is full until the oldest keys are written
        const promise = pool.submit(key, offset, writer!.header.entries.get(key.name)!.begin);
        promise.catch(() => undefined); // awaited in order below; avoid unhandled rejections meanwhile
        ahead.set(next, { promise, cost, offset });
        inFlight += cost;
        next++;
      }
    };

    const cancelled = abortPromise(options.signal);
    for (let i = 0; i < plan.keys.length; i++) {
      if (options.signal?.aborted) throw new CancelledError();
      if (next <= i) next = i;
      dispatch();
      const key = plan.keys[i]!;
      if (key.kind === 'copy') {
        copyKey(key, readers[key.input]!, writer, copyBuffer);
      } else if (computer) {
        const out = arena.view(0, outputBytes(key));
        const count = computer.compute(key, readers, out);
        if (count > 0) nonFinite.push({ key: key.name, count });
        writer.write(key.name, out);
      } else {
        const task = ahead.get(i)!;
        const outcome = await Promise.race([task.promise, cancelled.promise]);
        ahead.delete(i);
        if (outcome.nonFinite > 0) nonFinite.push({ key: key.name, count: outcome.nonFinite });
        writer.writtenElsewhere(key.name);
        arena.release(task.offset);
        inFlight -= task.cost;
        dispatch();
      }
      const entry = writer.header.entries.get(key.name)!;
      bytesDone += entry.end - entry.begin;
      // One write-back at a time, without waiting for it: each covers everything written before it started.
      if (bytesDone - writtenBack >= WRITEBACK_EVERY && !writingBack) {
        writingBack = true;
        writeback = writer.startWriteback().finally(() => (writingBack = false));
        writtenBack = bytesDone;
      }
      options.onProgress?.({
        keysDone: i + 1,
        keysTotal: plan.keys.length,
        bytesDone,
        bytesTotal,
        key: key.name,
        shape: key.shape,
      });
    }
    cancelled.dispose();
    await writeback;
    writer.finish();
    return { keys: plan.keys.length, bytes: bytesTotal, seconds: (performance.now() - started) / 1000, nonFinite };
  } catch (error) {
    // Workers write through the output's descriptor: stop them before it is closed (and its number reused).
    await pool?.close();
    writer?.abort();
    throw error;
  } finally {
    await pool?.close();
    for (const r of readers) r.close();
  }
}

function copyKey(key: CopyKey, reader: TensorReader, writer: SafetensorsWriter, buffer: Uint8Array): void {
  const entry = reader.entry(key.sourceKey);
  const length = entry.end - entry.begin;
  if (length === 0) {
    writer.write(key.name, new Uint8Array(0));
    return;
  }
  for (let done = 0; done < length; done += buffer.length) {
    const part = buffer.subarray(0, Math.min(buffer.length, length - done));
    reader.readRange(key.sourceKey, done, part);
    writer.writePart(key.name, part);
  }
}

/** Every file a model reads (one, or each shard). */
function filesOf(reader: TensorReader): string[] {
  const files = new Set<string>([reader.path]);
  for (const name of reader.entries.keys()) files.add(reader.fileOf(name));
  return [...files];
}

function abortPromise(signal: AbortSignal | undefined): { promise: Promise<never>; dispose(): void } {
  if (!signal) return { promise: new Promise<never>(() => undefined), dispose: () => undefined };
  let onAbort: () => void = () => undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
