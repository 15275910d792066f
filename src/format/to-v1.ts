import type { Comment, Document } from '../ast/nodes.js';
import { NAMES } from '../diagnostics/codes/names.js';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildGraph } from '../graph/build.js';
import { singletonValue } from '../graph/singleton.js';
import { supermergerValue } from '../graph/supermerger.js';
import type { GraphNode, HyperMap, HyperValue, MergeNode, NodeId, RecipeGraph } from '../graph/types.js';
import type { MethodSignature } from '../registry/methods/signature.js';
import type { Span } from '../text/span.js';
import { itemsOf } from './comments.js';
import { isPlainName, NameAllocator, nameForMerge, nameFromPath, sanitise } from './naming.js';
import { commentText } from './print-expression.js';

export interface ConversionResult {
  /** The recipe in version 1 (not yet laid out: `formatText` prints it canonically), or undefined if impossible. */
  readonly text: string | undefined;
  readonly diagnostics: Diagnostic[];
}

/**
 * How a node of the legacy recipe appears in v1:
 * - `decl`: a statement of its own (`model`, `param`, `let`);
 * - `inline`: written where it is used (a number or a path given directly as a merge argument);
 * - `value`: an sd-mecha 0.1.0 literal pattern, written as what it means (a plain value, an `mbw(...)`);
 * - `fold`: a small merge used once, written inside the call that uses it;
 * - `absorbed`: a `literal` or `dict` line that only served a singleton, not written at all.
 */
type Role = 'decl' | 'inline' | 'value' | 'fold' | 'absorbed';

interface Use {
  readonly consumer: NodeId;
  /** The keyword it is given to, or undefined for a positional (model) argument. */
  readonly keyword: string | undefined;
}

/** A folded call longer than this reads better as a `let` of its own. */
const FOLD_LIMIT = 44;
/** The line a folded call goes into should stay this short. */
const LINE_LIMIT = 92;

/**
 * Converts an sd-mecha recipe (either dialect) to version 1: every `&N` gets a name, models are named after
 * their files, merges after what they compute, dicts become `default(...) | blocks(...)` expressions, 0.1.0
 * singleton literals become plain values and SuperMerger block literals `mbw(sd1, "...")`, and small merges
 * used once are written inline. The result describes
 * the same graph as the input (`canonicalGraph` agrees). A v1 document is returned as it is.
 */
/**
 * Where the converter learns a method's signature, to spell its hyperparameters as v1 reads them: early-2024 names
 * renamed (`rotate(alpha, beta)` -> `rotate(alignment, alpha)`) and numbers given for switches written as booleans.
 * Without it, calls keep their hyperparameters as written.
 */
export type MethodLookup = (name: string) => MethodSignature | undefined;

export function convertToV1(document: Document, text: string, methods?: MethodLookup): ConversionResult {
  if (document.dialect === 'v1') return { text, diagnostics: [] };
  const built = buildGraph(document, text);
  if (built.diagnostics.some((d) => d.severity === 'error')) return { text: undefined, diagnostics: built.diagnostics };
  return new Converter(built.graph, document, text, methods).run();
}

class Converter {
  private readonly nodes: readonly GraphNode[];
  private readonly uses: Use[][];
  private readonly roles: Role[];
  private readonly names = new Map<NodeId, string>();
  private readonly allocator = new NameAllocator();

  constructor(
    private readonly graph: RecipeGraph,
    private readonly document: Document,
    private readonly text: string,
    private readonly methods: MethodLookup | undefined,
  ) {
    this.nodes = graph.nodes;
    this.uses = this.nodes.map(() => []);
    for (const node of this.nodes) {
      if (node.kind === 'merge') {
        for (const input of node.inputs) this.uses[input]!.push({ consumer: node.id, keyword: undefined });
        for (const hyper of node.hypers) this.valueUses(hyper.value, node.id, hyper.name);
      } else if (node.kind === 'hyper' || node.kind === 'literal') {
        this.valueUses(node.value, node.id, undefined);
      }
    }
    this.roles = this.nodes.map((node) => this.initialRole(node));
    // Consumers come after what they use, so walking down settles a literal before the dict it wraps.
    for (let id = this.nodes.length - 1; id >= 0; id--) {
      const node = this.nodes[id]!;
      const absorbable = node.kind === 'literal' || (node.kind === 'hyper' && node.index !== undefined);
      const uses = this.uses[id]!;
      if (absorbable && uses.length > 0 && uses.every((u) => ['value', 'absorbed'].includes(this.roles[u.consumer]!))) {
        this.roles[id] = 'absorbed';
      }
    }
  }

  run(): ConversionResult {
    const problems = this.problems();
    if (problems.length > 0) return { text: undefined, diagnostics: problems };
    this.nameInputs();
    this.fold();
    this.nameLets();
    return { text: this.emit(), diagnostics: [] };
  }

  /** What an sd-mecha 0.1.0 literal pattern ending at this node means: a plain value or an `mbw(...)` map. */
  private patternValue(id: NodeId): HyperValue | undefined {
    return singletonValue(this.graph, id) ?? supermergerValue(this.graph, id);
  }

  private valueUses(value: HyperValue, consumer: NodeId, keyword: string | undefined): void {
    if (value.kind === 'node') this.uses[value.node]!.push({ consumer, keyword });
    else if (value.kind === 'pipe') value.parts.forEach((part) => this.valueUses(part, consumer, keyword));
    else if (value.kind === 'map') {
      for (const entry of value.entries) if ('value' in entry) this.valueUses(entry.value, consumer, keyword);
    }
  }

  private initialRole(node: GraphNode): Role {
    switch (node.kind) {
      case 'model':
        return node.inline ? 'inline' : 'decl';
      case 'merge':
        return this.patternValue(node.id) ? 'value' : 'decl';
      case 'hyper':
        // Legacy `dict` lines have an index; numbers given directly as merge arguments do not.
        return node.index === undefined ? 'inline' : 'decl';
      default:
        return 'decl';
    }
  }

  /** What v1 cannot say, each reported on the line that says it. */
  private problems(): Diagnostic[] {
    const problems: Diagnostic[] = [];
    const report = (span: Span, reason: string): void => {
      problems.push(createDiagnostic(NAMES.NotConvertible, span, { reason }));
    };
    const paramNames = new Set<string>();
    for (const node of this.nodes) {
      if (this.roles[node.id] !== 'decl') continue;
      switch (node.kind) {
        case 'literal':
          report(node.span, 'this `literal` wraps something other than a plain value');
          break;
        case 'hyper':
          if (node.value.kind === 'map') {
            const map = node.value;
            if (map.entries.length === 0) report(node.span, 'an empty `dict` has no spelling in version 1');
            for (const entry of map.entries) {
              if (entry.kind === 'key') report(entry.span, `the dict key '${entry.name}' names no block, class or component default`);
              else if (entry.kind === 'invalid') report(entry.span, 'a dict entry needs a key');
            }
          }
          break;
        case 'merge':
          if (!isPlainName(node.method)) report(node.methodSpan, `the method name '${node.method}' is not a valid version 1 name`);
          break;
        case 'param':
          if (!isPlainName(node.name)) report(node.span, `the parameter name '${node.name}' is not a valid version 1 name`);
          else if (paramNames.has(node.name)) report(node.span, `the parameter name '${node.name}' is used twice`);
          paramNames.add(node.name);
          if (node.space !== undefined && node.space !== 'weight' && node.arch === undefined) {
            report(node.span, `a '${node.space}' parameter needs an architecture in version 1`);
          }
          break;
        case 'model':
          if (node.space !== undefined && node.space !== 'weight' && node.arch === undefined) {
            report(node.span, `a '${node.space}' model needs an architecture in version 1`);
          }
          break;
        default:
          break;
      }
    }
    return problems;
  }

  /** Parameters keep their names (they are filled by name); the output is `out`; models are named after files. */
  private nameInputs(): void {
    for (const node of this.nodes) if (node.kind === 'param') this.names.set(node.id, this.allocator.claim(node.name));
    const output = this.graph.output;
    if (output !== undefined && this.nodes[output]!.kind !== 'model' && this.nodes[output]!.kind !== 'param') {
      this.names.set(output, this.allocator.claim('out'));
    }
    for (const node of this.nodes) {
      if (node.kind === 'model' && this.roles[node.id] === 'decl') {
        this.names.set(node.id, this.allocator.claim(nameFromPath(node.path)));
      }
    }
  }

  /** Small merges used once, whose inputs are all plain names or values, go inside the call that uses them. */
  private fold(): void {
    for (const node of this.nodes) {
      if (node.kind !== 'merge' || this.roles[node.id] !== 'decl' || node.id === this.graph.output) continue;
      const uses = this.uses[node.id]!;
      if (uses.length !== 1 || uses[0]!.keyword !== undefined) continue;
      if (node.inputs.some((input) => this.roles[input] === 'fold')) continue;
      // `f(g(a, alpha=0.5), b, alpha=0.2)` hides whose `alpha` is whose.
      const consumer = this.nodes[uses[0]!.consumer] as MergeNode;
      if (node.hypers.length > 0 && consumer.hypers.length > 0) continue;
      if (this.call(node).length <= FOLD_LIMIT) this.roles[node.id] = 'fold';
    }
    // Unfold the longest folded arguments of any line that grew too long.
    for (const node of this.nodes) {
      if (node.kind !== 'merge' || this.roles[node.id] !== 'decl') continue;
      const line = (): number => `let ${this.nameOf(node.id)} = ${this.call(node)}`.length;
      while (line() > LINE_LIMIT) {
        const folded = node.inputs.filter((input) => this.roles[input] === 'fold');
        if (folded.length === 0) break;
        const longest = folded.reduce((a, b) => (this.ref(b).length > this.ref(a).length ? b : a));
        this.roles[longest] = 'decl';
      }
    }
  }

  private nameLets(): void {
    for (const node of this.nodes) {
      if (this.hasStatement(node.id) && !this.names.has(node.id)) {
        this.names.set(node.id, this.allocator.claim(this.wantedName(node)));
      }
    }
  }

  private wantedName(node: GraphNode): string {
    if (node.kind === 'merge' && this.roles[node.id] !== 'value') {
      const first = node.inputs[0];
      const firstName = first !== undefined && this.roles[first] === 'decl' ? this.names.get(first) : undefined;
      const isInput = first !== undefined && ['model', 'param'].includes(this.nodes[first]!.kind);
      return nameForMerge(node.method, isInput ? firstName : undefined);
    }
    const keyword = this.uses[node.id]!.find((u) => u.keyword !== undefined)?.keyword;
    const isMap = node.kind === 'hyper' || this.patternValue(node.id)?.kind === 'map';
    if (isMap && keyword) return sanitise(keyword, 'hyper');
    return isMap ? 'hyper' : 'value';
  }

  /** A name, or for the estimates made before names are given, the name the node would want. */
  private nameOf(id: NodeId): string {
    return this.names.get(id) ?? this.wantedName(this.nodes[id]!);
  }

  private hasStatement(id: NodeId): boolean {
    const role = this.roles[id]!;
    if (role === 'decl') return true;
    if (role !== 'value') return false;
    // A value nothing uses, or the output itself, still needs a line to exist on; a map reads better named.
    return id === this.graph.output || this.uses[id]!.length === 0 || this.patternValue(id)!.kind === 'map';
  }

  // -------------------------------------------------------------------------------------------------------------
  // Writing v1

  /** How a use of the node is written. */
  private ref(id: NodeId): string {
    const node = this.nodes[id]!;
    switch (this.roles[id]) {
      case 'fold':
        return this.call(node as MergeNode);
      case 'value':
        return this.hasStatement(id) ? this.nameOf(id) : this.value(this.patternValue(id)!);
      case 'inline':
        if (node.kind === 'model') return quote(node.path);
        if (node.kind === 'hyper') return this.value(node.value);
        return this.nameOf(id);
      default:
        return this.nameOf(id);
    }
  }

  private call(node: MergeNode): string {
    const sig = this.methods?.(node.method);
    const old = sig?.legacyRenames;
    const renames = old && node.hypers.some((h) => h.name === old.marker) ? old.renames : {};
    const args = [
      ...node.inputs.map((input) => this.ref(input)),
      ...node.hypers.map((hyper) => {
        const name = renames[hyper.name] ?? hyper.name;
        const param = sig?.hypers.find((h) => h.name === name);
        // sd-mecha 0.0.x passed switches as numbers (`vote_sgn=1.0`); it tested them with `> 0`.
        const value =
          param?.type === 'bool' && hyper.value.kind === 'number' ? String(hyper.value.value > 0) : this.value(hyper.value);
        return `${name}=${value}`;
      }),
    ];
    return `${node.method}(${args.join(', ')})`;
  }

  private value(value: HyperValue): string {
    switch (value.kind) {
      case 'number':
        return value.raw;
      case 'string':
        return quote(value.value);
      case 'bool':
        return String(value.value);
      case 'null':
        return 'null';
      case 'node':
        return this.ref(value.node);
      case 'map':
        return mapText(value, (v) => this.value(v));
      case 'pipe':
        return value.parts.map((part) => this.value(part)).join(' | ');
      case 'invalid':
        // Only parse and reference errors make these, and those stop the conversion first.
        return 'null';
    }
  }

  private statement(id: NodeId): string {
    const node = this.nodes[id]!;
    const name = this.names.get(id)!;
    switch (node.kind) {
      case 'model':
        return `model ${name} = ${quote(node.path)}${typeText(node.arch, node.space)}`;
      case 'param':
        return `param ${name}${typeText(node.arch, node.space)}`;
      case 'merge':
        return `let ${name} = ${this.roles[id] === 'value' ? this.value(this.patternValue(id)!) : this.call(node)}`;
      case 'hyper':
        return `let ${name} = ${this.value(node.value)}`;
      default:
        return `let ${name} = null`;
    }
  }

  private emit(): string {
    const { leading, trailing, top, bottom } = this.placeComments();
    const lines: string[] = ['version 1', ...top];
    const section = (ids: NodeId[]): void => {
      for (const id of ids) {
        for (const comment of leading.get(id) ?? []) lines.push(comment);
        const comment = trailing.get(id);
        lines.push(this.statement(id) + (comment ? '  ' + comment : ''));
      }
    };
    const statements = this.nodes.map((n) => n.id).filter((id) => this.hasStatement(id));
    const inputs = statements.filter((id) => ['model', 'param'].includes(this.nodes[id]!.kind));
    const lets = statements.filter((id) => !inputs.includes(id));
    section(inputs);
    if (inputs.length > 0 && lets.length > 0) lines.push('');
    section(lets);
    const output = this.graph.output;
    if (output !== undefined && inputs.includes(output)) lines.push(`output ${this.names.get(output)}`);
    for (const comment of bottom) lines.push(comment);
    return lines.join('\n') + '\n';
  }

  /**
   * Comments stay with the line they annotate. A line that disappears into another (a folded merge, a singleton)
   * hands its comments to the statement that now holds it.
   */
  private placeComments(): {
    leading: Map<NodeId, string[]>;
    trailing: Map<NodeId, string>;
    top: string[];
    bottom: string[];
  } {
    const byIndex = new Map<number, NodeId>();
    for (const node of this.nodes) if (node.index !== undefined) byIndex.set(node.index, node.id);
    const leading = new Map<NodeId, string[]>();
    const trailing = new Map<NodeId, string>();
    const top: string[] = [];
    let pending: Comment[] = [];

    const holder = (id: NodeId): NodeId | undefined => {
      let current: NodeId | undefined = id;
      while (current !== undefined && !this.hasStatement(current)) current = this.uses[current]![0]?.consumer;
      return current;
    };
    const lead = (id: NodeId, comments: string[]): void => {
      leading.set(id, [...(leading.get(id) ?? []), ...comments]);
    };

    for (const item of itemsOf(this.document, this.text)) {
      if (item.kind === 'comment') {
        pending.push(item.node);
        continue;
      }
      if (item.kind === 'header') {
        if (item.trailing) top.push(commentText(item.trailing));
        continue;
      }
      const own = item.node.kind === 'LegacyStatement' ? byIndex.get(item.node.index) : undefined;
      const target = own === undefined ? undefined : holder(own);
      const comments = [...pending, ...item.inner].map(commentText);
      pending = [];
      if (target === undefined) {
        for (const comment of comments) top.push(comment);
        if (item.trailing) top.push(commentText(item.trailing));
        continue;
      }
      lead(target, comments);
      if (item.trailing) {
        if (target === own && !trailing.has(target)) trailing.set(target, commentText(item.trailing));
        else lead(target, [commentText(item.trailing)]);
      }
    }
    return { leading, trailing, top, bottom: pending.map(commentText) };
  }
}

/** A legacy dict as v1 maps: component defaults first, then blocks and classes grouped by component. */
function mapText(map: HyperMap, value: (v: HyperValue) => string): string {
  const parts: string[] = [];
  const groups = new Map<string, string[]>();
  for (const entry of map.entries) {
    const target = `${entry.kind !== 'invalid' && entry.kind !== 'key' ? entry.arch ?? '' : ''}`;
    if (entry.kind === 'default') {
      parts.push(`default(${target}${entry.component ? '.' + entry.component : ''}, ${value(entry.value)})`);
    } else if (entry.kind === 'block' || entry.kind === 'class') {
      const call = `${entry.kind === 'block' ? 'blocks' : 'classes'}(${target}${entry.component ? '.' + entry.component : ''}`;
      const group = groups.get(call) ?? [];
      group.push(`${entry.name}=${value(entry.value)}`);
      groups.set(call, group);
    } else if (entry.kind === 'mbw') {
      parts.push(`mbw(${target}, ${quote(entry.values)})`);
    }
  }
  for (const [call, entries] of groups) parts.push(`${call}, ${entries.join(', ')})`);
  return parts.join(' | ');
}

function typeText(arch: string | undefined, space: string | undefined): string {
  if (arch === undefined) return '';
  return ` : ${arch}${space !== undefined && space !== 'weight' ? ' ' + space : ''}`;
}

/** A string literal for the text, escaped as v1 reads it. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
