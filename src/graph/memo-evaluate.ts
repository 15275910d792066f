import type { NodeId } from './types.js';

/**
 * Evaluates `compute` for `root`, first evaluating every node it asks `child` about, each once, in the order a
 * memoised recursion would (depth first, children in the order they are asked for), but with an explicit stack:
 * a chain of bindings is as deep as the recipe is long.
 *
 * `compute` is called once per node to learn which children it asks for (its `child` answers a placeholder then),
 * and once more when they are all known; it must ask for the same children both times and have no side effects;
 * `settle` turns its final text into the node's memoised result (and may have side effects, such as numbering).
 */
export function memoEvaluate(
  root: NodeId,
  memo: Map<NodeId, string>,
  compute: (id: NodeId, child: (id: NodeId) => string) => string,
  settle: (id: NodeId, text: string) => string,
  placeholder = '#',
): string {
  const known = memo.get(root);
  if (known !== undefined) return known;
  const childrenOf = (id: NodeId): NodeId[] => {
    const asked: NodeId[] = [];
    compute(id, (c) => {
      asked.push(c);
      return placeholder;
    });
    return asked;
  };
  const stack: { id: NodeId; children: NodeId[]; next: number }[] = [{ id: root, children: childrenOf(root), next: 0 }];
  const onStack = new Set<NodeId>([root]);
  const lookup = (id: NodeId): string => memo.get(id)!;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    while (frame.next < frame.children.length && memo.has(frame.children[frame.next]!)) frame.next++;
    if (frame.next < frame.children.length) {
      const id = frame.children[frame.next]!;
      // Nodes are built inputs first, so a cycle would be a bug in a graph builder.
      if (onStack.has(id)) throw new Error(`the recipe graph has a cycle through node ${id}`);
      onStack.add(id);
      stack.push({ id, children: childrenOf(id), next: 0 });
      continue;
    }
    memo.set(frame.id, settle(frame.id, compute(frame.id, lookup)));
    onStack.delete(frame.id);
    stack.pop();
  }
  return memo.get(root)!;
}
