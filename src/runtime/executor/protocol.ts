import type { ComputeKey } from '../../plan/plan.js';

/** Messages between the executor and its worker threads. */

export interface WorkerInit {
  /** The resolved file of every input, in plan order; each worker opens its own descriptors. */
  readonly inputs: readonly string[];
  readonly workDtype: 'fp32' | 'fp64';
  /** The output arena: each task's encoded result is written into it at the task's offset. */
  readonly arena: SharedArrayBuffer;
  /** The output being written: workers write each result at its offset through this descriptor themselves. */
  readonly output: { readonly path: string; readonly descriptor: number };
}

export interface TaskMessage {
  readonly id: number;
  readonly key: ComputeKey;
  /** Where in the arena the encoded key goes (it has exactly the key's byte length there). */
  readonly offset: number;
  /** Where in the output file the key's bytes go. */
  readonly fileOffset: number;
}

export type ResultMessage =
  | { readonly id: number; readonly ok: true; readonly nonFinite: number }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };

/** An error crossing a thread boundary: its class name, message and the file and key it names. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly file?: string | undefined;
  readonly key?: string | undefined;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const e = error as Error & { file?: unknown; key?: unknown };
    return {
      name: error.name,
      message: error.message,
      file: typeof e.file === 'string' ? e.file : undefined,
      key: typeof e.key === 'string' ? e.key : undefined,
    };
  }
  return { name: 'Error', message: String(error) };
}
