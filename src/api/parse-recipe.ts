import { buildGraph } from '../graph/build.js';
import type { GraphNode, HyperEntry, HyperValue, NodeId, RecipeGraph } from '../graph/types.js';
import { convertToV1 } from '../format/to-v1.js';
import { parse } from '../parser/parse.js';
import { createRegistry, type Registry } from '../registry/registry.js';
import { RecipeError } from './errors.js';
import { hyperMap, type Hyper, type HyperMapPart, type Recipe, type RecipeInput, type Space } from './recipe.js';

/**
 * The recipe object of `.mecha` text in any dialect (legacy recipes are read as their version 1 conversion), so
 * that tools can load a recipe, change it with the library and `serialize` it back. Names of models and `let`s
 * are kept on the objects; a string written where a model was expected stays a string. Throws RecipeError for
 * syntax and name errors; type errors are `check`'s to find.
 */
export function parseRecipe(text: string, registry: Registry = createRegistry()): RecipeInput {
  let source = text;
  let parsed = parse(source);
  const stop = (diagnostics: readonly import('../diagnostics/diagnostic.js').Diagnostic[], at: string) => {
    if (diagnostics.some((d) => d.severity === 'error')) throw new RecipeError(diagnostics, at);
  };
  stop(parsed.diagnostics, source);
  if (parsed.document.dialect !== 'v1') {
    const converted = convertToV1(parsed.document, source, (name) => registry.method(name));
    stop(converted.diagnostics, source);
    source = converted.text ?? source;
    parsed = parse(source);
    stop(parsed.diagnostics, source);
  }
  const built = buildGraph(parsed.document, source);
  stop(built.diagnostics, source);
  const { graph } = built;
  if (graph.output === undefined) throw new RecipeError([], source, '<recipe>', 'the recipe has no output');
  return new GraphReader(graph, source).input(graph.output);
}

class GraphReader {
  private readonly made = new Map<NodeId, RecipeInput>();

  constructor(
    private readonly graph: RecipeGraph,
    private readonly text: string,
  ) {}

  input(id: NodeId): RecipeInput {
    const known = this.made.get(id);
    if (known !== undefined) return known;
    const node = this.graph.nodes[id]!;
    const made = this.make(node);
    this.made.set(id, made);
    return made;
  }

  private make(node: GraphNode): RecipeInput {
    const named = node.name !== undefined ? { name: node.name } : {};
    switch (node.kind) {
      case 'model':
        if (node.inline && node.arch === undefined) return node.path;
        return { kind: 'model', path: node.path, arch: node.arch, space: node.space as Space | undefined, ...named };
      case 'param':
        return { kind: 'param', name: node.name, arch: node.arch, space: node.space as Space | undefined };
      case 'merge': {
        const hypers: Record<string, Hyper> = {};
        for (const h of node.hypers) hypers[h.name] = this.hyper(h.value);
        const recipe: Recipe = { kind: 'merge', method: node.method, inputs: node.inputs.map((i) => this.input(i)), hypers, ...named };
        return recipe;
      }
      default:
        throw this.unsupported(node.span, `a ${node.kind} where a model was expected`);
    }
  }

  private hyper(value: HyperValue): Hyper {
    switch (value.kind) {
      case 'number':
      case 'bool':
      case 'string':
        return value.value;
      case 'null':
        return null;
      case 'map':
        return hyperMap(this.parts(value.entries));
      case 'pipe': {
        const parts: HyperMapPart[] = [];
        for (const p of value.parts) {
          const h = this.hyper(p);
          if (typeof h !== 'object' || h === null) throw this.unsupported(p.span, 'a plain value joined with `|`');
          parts.push(...h.parts);
        }
        return hyperMap(parts);
      }
      case 'node': {
        const node = this.graph.nodes[value.node]!;
        if (node.kind === 'hyper' || node.kind === 'literal') return this.hyper(node.value);
        throw this.unsupported(value.span, 'a model where a value was expected');
      }
      case 'invalid':
        throw this.unsupported(value.span, 'an expression that is not a value');
    }
  }

  /** Entries in order, consecutive block (or class) entries of one component gathered into one part. */
  private parts(entries: readonly HyperEntry[]): HyperMapPart[] {
    const parts: HyperMapPart[] = [];
    for (const entry of entries) {
      const target = (arch: string | undefined, component: string | undefined) => (component !== undefined ? `${arch}.${component}` : `${arch}`);
      if (entry.kind === 'default') {
        parts.push({ kind: 'default', target: target(entry.arch, entry.component), value: this.number(entry.value) });
      } else if (entry.kind === 'block' || entry.kind === 'class') {
        const kind = entry.kind === 'block' ? 'blocks' : 'classes';
        const at = target(entry.arch, entry.component);
        const last = parts[parts.length - 1];
        if (last !== undefined && last.kind === kind && last.target === at) {
          parts[parts.length - 1] = { kind, target: at, entries: { ...last.entries, [entry.name]: this.number(entry.value) } };
        } else parts.push({ kind, target: at, entries: { [entry.name]: this.number(entry.value) } });
      } else if (entry.kind === 'mbw') {
        parts.push({ kind: 'mbw', target: `${entry.arch}`, values: entry.values });
      } else {
        throw this.unsupported(entry.span, 'a map entry that names no block, class or default');
      }
    }
    return parts;
  }

  private number(value: HyperValue): number {
    if (value.kind === 'number') return value.value;
    throw this.unsupported(value.span, 'a map entry that is not a number');
  }

  private unsupported(span: { start: number; end: number }, what: string): RecipeError {
    return new RecipeError([], this.text, '<recipe>', `${what} at offset ${span.start}: the recipe API cannot represent it`);
  }
}
