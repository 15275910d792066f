import type { HyperValue, NodeId } from '../graph/types.js';
import type { CheckContext } from './context.js';
import { describeType, describeValue } from './describe.js';

/** How a message names a value that is not what was expected: `the number 0.5`, `a full sd1 model ('ghost')`. */
export function describeFound(context: CheckContext, value: HyperValue): string {
  if (value.kind === 'node') return describeNode(context, value.node);
  if (value.kind === 'invalid') {
    const member = context.source.member(value.span);
    if (member) return `the component ${member.object.name}.${member.property.name}`;
  }
  return describeValue(value);
}

/** A node as messages name it: its type, and its name when it has one. */
export function describeNode(context: CheckContext, id: NodeId): string {
  const node = context.graph.nodes[id];
  if (node?.kind === 'hyper') return describeFound(context, node.value);
  const name = context.nameOf(id);
  const type = describeType(context.typeOf(id));
  return name === undefined ? type : `${type} (${name})`;
}
