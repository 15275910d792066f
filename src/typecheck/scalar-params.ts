import type { ParamNode } from '../graph/types.js';

/** The scalar types a `param` may have besides a model type: `param strength : number` holds a hyperparameter. */
export const SCALAR_PARAM_TYPES: readonly string[] = ['number', 'int', 'bool', 'string'];

/** A param that holds a hyperparameter value rather than a model. */
export function isScalarParam(node: ParamNode): boolean {
  return node.arch !== undefined && node.space === undefined && SCALAR_PARAM_TYPES.includes(node.arch);
}
