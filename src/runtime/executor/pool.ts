import { Worker } from 'node:worker_threads';
import type { ComputeKey } from '../../plan/plan.js';
import type { ResultMessage, SerializedError, WorkerInit } from './protocol.js';

export interface ComputeOutcome {
  readonly nonFinite: number;
}

/** An error a worker reported, rebuilt on the main thread with the file and key it names. */
export class WorkerTaskError extends Error {
  readonly file: string | undefined;
  readonly key: string | undefined;
  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.name = serialized.name;
    this.file = serialized.file;
    this.key = serialized.key;
  }
}

/**
 * Starts a worker on the built worker.js; when running from the TypeScript sources (tests), on worker.ts through
 * tsx's loader, registered inside the worker because loader flags do not reach worker threads.
 */
function spawnWorker(init: WorkerInit): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: init });
  const source = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: init });
}

interface Pending {
  resolve(outcome: ComputeOutcome): void;
  reject(error: Error): void;
}

/**
 * A fixed set of worker threads computing keys. Each worker takes one key at a time; `submit` resolves with the
 * outcome once the key is in the output file. Running from TypeScript sources (tests) the workers load the .ts
 * file through tsx.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; key: ComputeKey; offset: number; fileOffset: number }[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(size: number, init: WorkerInit) {
    for (let i = 0; i < size; i++) {
      const worker = spawnWorker(init);
      worker.on('message', (message: ResultMessage) => this.onResult(worker, message));
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => {
        if (code !== 0 && !this.failure) this.failAll(new Error(`a worker thread exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Computes `key` into the arena at `offset`, then writes it into the output at `fileOffset`. */
  submit(key: ComputeKey, offset: number, fileOffset: number): Promise<ComputeOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const promise = new Promise<ComputeOutcome>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.queue.push({ id, key, offset, fileOffset });
    this.dispatch();
    return promise;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.busy.set(worker, task.id);
      worker.postMessage(task);
    }
  }

  private onResult(worker: Worker, message: ResultMessage): void {
    this.busy.delete(worker);
    this.idle.push(worker);
    const pending = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (pending) {
      if (message.ok) pending.resolve({ nonFinite: message.nonFinite });
      else pending.reject(new WorkerTaskError(message.error));
    }
    this.dispatch();
  }

  private failAll(error: Error): void {
    this.failure = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.queue.length = 0;
  }
}
