import { memoEvaluate } from './memo-evaluate.js';
import { singletonValue } from './singleton.js';
import { supermergerValue } from './supermerger.js';
import type { GraphNode, HyperEntry, HyperValue, NodeId, RecipeGraph } from './types.js';

/**
 * A text that two graphs share exactly when they describe the same merge, whatever their dialect, names, spans,
 * statement order or sharing: models by path and declared type, params by name, merges by method, inputs and
 * hyperparameters (keywords in any order), hyper maps by their effective entries, sd-mecha 0.1.0 singleton
 * literals by the value they wrap and its SuperMerger block literals as the `mbw(...)` they mean. Identical sub-computations are numbered once.
 *
 * ```
 * output #2
 * #0 model "a" sd1 weight
 * #1 model "b" sd1 weight
 * #2 merge weighted_sum(#0, #1) alpha=0.5
 * ```
 */
export function canonicalGraph(graph: RecipeGraph): string {
  return new Canonicalizer(graph).text();
}

/** Whether two graphs describe the same merge (see `canonicalGraph`). */
export function graphsEqual(a: RecipeGraph, b: RecipeGraph): boolean {
  return canonicalGraph(a) === canonicalGraph(b);
}

class Canonicalizer {
  private readonly numbers = new Map<string, number>();
  private readonly lines: string[] = [];
  private readonly tokens = new Map<NodeId, string>();
  private readonly hashes = new Map<NodeId, string>();

  constructor(private readonly graph: RecipeGraph) {}

  text(): string {
    const head = this.graph.output === undefined ? 'output none' : `output ${this.token(this.graph.output)}`;
    // Nodes nothing uses (unused bindings, stray legacy lines), in an order that does not depend on the source's.
    const roots = this.unusedRoots().sort((a, b) => (this.hash(a) < this.hash(b) ? -1 : this.hash(a) > this.hash(b) ? 1 : 0));
    const unused = roots.map((id) => `unused ${this.token(id)}`);
    return [head, ...unused, ...this.lines].join('\n') + '\n';
  }

  private unusedRoots(): NodeId[] {
    const referenced = new Set<NodeId>();
    const visitValue = (value: HyperValue): void => {
      if (value.kind === 'node') referenced.add(value.node);
      else if (value.kind === 'pipe') value.parts.forEach(visitValue);
      else if (value.kind === 'map') {
        for (const entry of value.entries) if ('value' in entry) visitValue(entry.value);
      }
    };
    for (const node of this.graph.nodes) {
      if (node.kind === 'merge') {
        node.inputs.forEach((input) => referenced.add(input));
        node.hypers.forEach((hyper) => visitValue(hyper.value));
      } else if (node.kind === 'hyper' || node.kind === 'literal') {
        visitValue(node.value);
      }
    }
    return this.graph.nodes
      .filter((node) => node.kind !== 'error' && node.id !== this.graph.output && !referenced.has(node.id))
      .map((node) => node.id);
  }

  /** How a use of the node reads: `#k` for a numbered line, `=value` for a value written in place. */
  private token(id: NodeId): string {
    return memoEvaluate(
      id,
      this.tokens,
      (node, child) => {
        const inline = this.inlineValue(node);
        return inline ? '=' + this.value(inline, child) : this.describe(this.graph.nodes[node]!, child);
      },
      (_, line) => {
        if (line.startsWith('=')) return line;
        let number = this.numbers.get(line);
        if (number === undefined) {
          number = this.lines.length;
          this.numbers.set(line, number);
          this.lines.push(`#${number} ${line}`);
        }
        return `#${number}`;
      },
    );
  }

  /** A structural digest of a node's whole subgraph, to order unused roots independently of the source. */
  private hash(id: NodeId): string {
    return memoEvaluate(
      id,
      this.hashes,
      (node, child) => {
        const inline = this.inlineValue(node);
        const use = (c: NodeId): string => `@${child(c)}`;
        return inline ? '=' + this.value(inline, use) : this.describe(this.graph.nodes[node]!, use);
      },
      (_, text) => fnv1a(text),
    );
  }

  /** Nodes that are values rather than computations: written where they are used. */
  private inlineValue(id: NodeId): HyperValue | undefined {
    const node = this.graph.nodes[id]!;
    if (node.kind === 'hyper') return node.value;
    return singletonValue(this.graph, id) ?? supermergerValue(this.graph, id);
  }

  private describe(node: GraphNode, child: (id: NodeId) => string): string {
    switch (node.kind) {
      case 'model':
        return `model ${JSON.stringify(node.path)} ${node.arch ?? '?'} ${node.space ?? 'weight'}`;
      case 'param':
        return `param ${node.name} ${node.arch ?? '?'} ${node.space ?? 'weight'}`;
      case 'merge': {
        const inputs = node.inputs.map(child).join(', ');
        const hypers = [...node.hypers]
          .map((h) => `${h.name}=${this.value(h.value, child)}`)
          .sort()
          .join(' ');
        return `merge ${node.method}(${inputs})${hypers ? ' ' + hypers : ''}`;
      }
      case 'literal':
        return `literal ${this.value(node.value, child)} ${node.config ?? '?'} ${node.space ?? '?'}`;
      case 'hyper':
        return `hyper ${this.value(node.value, child)}`;
      case 'error':
        return 'error';
    }
  }

  private value(value: HyperValue, child: (id: NodeId) => string): string {
    switch (value.kind) {
      case 'number':
        return String(value.value);
      case 'string':
        return JSON.stringify(value.value);
      case 'bool':
        return String(value.value);
      case 'null':
        return 'null';
      case 'invalid':
        return 'invalid';
      case 'node': {
        const token = child(value.node);
        return token.startsWith('=') ? token.slice(1) : token;
      }
      case 'map':
      case 'pipe': {
        const entries = this.flatten(value);
        if (!entries) {
          const parts = value.kind === 'pipe' ? value.parts : [value];
          return '(' + parts.map((part) => this.value(part, child)).join(' | ') + ')';
        }
        // `|` and dict order: the last entry for a key wins.
        const effective = new Map<string, string>();
        entries.forEach((entry, index) => {
          const text =
            entry.kind === 'mbw'
              ? JSON.stringify(mbwValues(entry.values))
              : 'value' in entry
                ? this.value(entry.value, child)
                : '';
          effective.set(entryKey(entry, index), text);
        });
        const body = [...effective.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, v]) => (v ? `${key}: ${v}` : key))
          .join(', ');
        return `{${body}}`;
      }
    }
  }

  /** The entries of a map or pipe of maps (following names bound to maps), or undefined if a part is no map. */
  private flatten(value: HyperValue): HyperEntry[] | undefined {
    const out: HyperEntry[] = [];
    // Bound names chain maps (`let m2 = m1 | ...`) as deep as the recipe is long: an explicit stack, parts pushed
    // in reverse so they come off in order; `leave` marks where a followed name's value ends.
    const stack: (HyperValue | { leave: NodeId })[] = [value];
    const following = new Set<NodeId>();
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      if ('leave' in top) {
        following.delete(top.leave);
        continue;
      }
      if (top.kind === 'map') {
        for (const entry of top.entries) out.push(entry);
        continue;
      }
      if (top.kind === 'pipe') {
        for (let i = top.parts.length - 1; i >= 0; i--) stack.push(top.parts[i]!);
        continue;
      }
      if (top.kind !== 'node' || following.has(top.node)) return undefined;
      const target = this.inlineValue(top.node);
      if (!target) return undefined;
      following.add(top.node);
      stack.push({ leave: top.node }, target);
    }
    return out;
  }
}

function entryKey(entry: HyperEntry, index: number): string {
  switch (entry.kind) {
    case 'default':
      return `default ${entry.arch ?? '?'}${entry.component === undefined ? '' : '.' + entry.component}`;
    case 'block':
    case 'class':
      return `${entry.kind} ${entry.arch ?? '?'}.${entry.component ?? '?'}.${entry.name}`;
    case 'mbw':
      return `mbw ${entry.arch ?? '?'}`;
    case 'key':
      return `key ${entry.name}`;
    case 'invalid':
      return `invalid#${index}`;
  }
}

/** `"0.5, 0.50,1"` and `"0.5,0.5,1"` are the same list. */
function mbwValues(values: string): string {
  return values
    .split(',')
    .map((v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? String(Number(v)) : v.trim()))
    .join(',');
}

/** 32-bit FNV-1a, as hex: enough to order a handful of roots deterministically. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
