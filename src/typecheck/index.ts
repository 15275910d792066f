/** The type checker's public surface. */
export { check } from './check.js';
export type { CheckHost, ModelHeader, ModelHeaderError, TensorInfo } from './host.js';
export { isHeaderError } from './host.js';
export type { CheckOptions, CheckResult, NodeType, ResolvedModel, Space } from './types.js';
export type { CheckContext, GraphVisitor, Rule } from './context.js';
export { RULES } from './rules/index.js';
