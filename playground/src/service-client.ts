import type { ServiceMethod, ServiceParams, ServiceRequest, ServiceResponse, ServiceResult } from './protocol.js';

/** The page's side of the worker protocol: one promise per request, answered in order. */
export class ServiceClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private failure: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (event: MessageEvent<ServiceResponse>) => {
      const response = event.data;
      const waiter = this.pending.get(response.id);
      if (waiter === undefined) return;
      this.pending.delete(response.id);
      if (response.ok) waiter.resolve(response.result);
      else waiter.reject(new Error(response.error));
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      this.fail(new Error(`the language service worker failed: ${event.message || 'could not load'}`));
    });
    worker.addEventListener('messageerror', () => this.fail(new Error('a worker message could not be read')));
  }

  call<M extends ServiceMethod>(method: M, ...params: ServiceParams<M>): Promise<ServiceResult<M>> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    const request: ServiceRequest<M> = { id, method, params };
    return new Promise<ServiceResult<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage(request);
    });
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
