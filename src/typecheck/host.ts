/**
 * What the checker asks of its surroundings: the header of a model file. The checker does no I/O; the CLI
 * answers with the file system (models directories, sharded folders), the editor and the playground with what
 * they have. Without a host, file checks are skipped.
 */
export interface CheckHost {
  /** The header of the model a recipe names by `path` (as written: relative, without `.safetensors`, ...). */
  readModelHeader(path: string): ModelHeader | ModelHeaderError;
}

/** A tensor as its header describes it. */
export interface TensorInfo {
  readonly shape: readonly number[];
  readonly dtype: string;
}

export interface ModelHeader {
  /** The file found (a `.safetensors` file or a shard index). */
  readonly file: string;
  readonly tensors: ReadonlyMap<string, TensorInfo>;
}

export interface ModelHeaderError {
  /**
   * `not-found`: no such file in any place searched; `not-a-file`: found, but a named pipe, device or directory
   * (never opened); `not-safetensors`: found, but not readable as safetensors.
   */
  readonly error: 'not-found' | 'not-a-file' | 'not-safetensors';
  /** Why, for people: where it was searched, what is wrong with the file. */
  readonly message: string;
}

export function isHeaderError(result: ModelHeader | ModelHeaderError): result is ModelHeaderError {
  return 'error' in result;
}
