export type { DType, TensorEntry, SafetensorsHeader } from './header.js';
export { parseHeader, elementCount, MAX_HEADER_BYTES } from './header.js';
export type { TensorReader } from './reader.js';
export { SafetensorsFile } from './file.js';
export { ShardedModel, openModel, INDEX_FILE_NAME } from './sharded.js';
export { SafetensorsWriter, abortAllWriters, type TensorSpec } from './writer.js';
export { assertDistinctOutput } from './distinct-output.js';
