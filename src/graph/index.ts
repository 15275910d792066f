export { buildGraph } from './build.js';
export { canonicalGraph, graphsEqual } from './canonical.js';
export { parseDictKey, type DictKey } from './dict-keys.js';
export { HYPER_MAP_CALLS, isHyperMapCall } from './hyper-calls.js';
export { singletonValue } from './singleton.js';
export { SD1_MBW_BLOCKS, supermergerValue } from './supermerger.js';
export type * from './types.js';
