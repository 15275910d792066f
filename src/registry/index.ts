/** The registry's public surface: architectures as data, detection, merge-method signatures. */
export * from './architecture-data.js';
export * from './architecture.js';
export { compareNatural, sortNatural } from './natural-order.js';
export { suggest, suggestAll, editDistance } from '../text/suggest.js';
export * from './model-config.js';
export * from './detect.js';
export * from './validate-architecture.js';
export * from './load-architecture-file.js';
export * from './methods/index.js';
export * from './registry.js';
