import type { Argument, Document, Expression, KeywordArgument, LegacyStatement, Reference } from '../ast/nodes.js';
import { NAMES } from '../diagnostics/codes/names.js';
import type { Span } from '../text/span.js';
import { GraphBuilder } from './builder.js';
import { parseDictKey } from './dict-keys.js';
import type { HyperArg, HyperEntry, HyperValue, NodeId } from './types.js';

/**
 * Builds the graph of an sd-mecha recipe (0.0.x or 0.1.0): each line is a node, `&N` refers to line N,
 * which must come before the line that uses it; the last line is the output.
 */
export function buildLegacy(document: Document, builder: GraphBuilder): void {
  const statements = document.statements.filter((s): s is LegacyStatement => s.kind === 'LegacyStatement');
  let count = 0;
  for (const s of statements) count = Math.max(count, s.index + 1);
  // Module-level functions over one walk state rather than closures made per line: this runs on every keystroke.
  const walk: Walk = { builder, byIndex: new Map<number, NodeId>(), count, statement: undefined! };

  for (const statement of statements) {
    walk.statement = statement;
    const positional: Expression[] = [];
    const keywords: KeywordArgument[] = [];
    for (const a of statement.args) {
      if (a.kind === 'PositionalArgument') positional.push(a.value);
      else keywords.push(a);
    }
    const common = { span: statement.span, index: statement.index };
    let id: NodeId | undefined;

    switch (statement.command) {
      case 'model': {
        // 0.0.x: `model "path" "sd1" "base"`; 0.1.0: `model "path" model_config="sd1-ldm" merge_space="weight"`.
        const [path, arch, type] = positional;
        const config = stringOf(keyword(keywords, 'model_config'));
        id = builder.add({
          kind: 'model',
          path: stringOf(path) ?? '',
          pathSpan: path?.span ?? statement.commandSpan,
          arch: stringOf(arch) ?? archOfConfig(config),
          space: normaliseSpace(stringOf(type) ?? stringOf(keyword(keywords, 'merge_space'))),
          config,
          inline: false,
          ...common,
        });
        break;
      }
      case 'parameter': {
        // `parameter "name" "BASE" "sdxl"`: the architecture is optional.
        const [name, space, arch] = positional;
        id = builder.add({
          kind: 'param',
          name: stringOf(name) ?? '',
          arch: stringOf(arch) ?? stringOf(keyword(keywords, 'model_arch')),
          space: normaliseSpace(stringOf(space) ?? stringOf(keyword(keywords, 'merge_space'))),
          ...common,
        });
        break;
      }
      case 'merge': {
        let method: Argument | undefined;
        const inputs: NodeId[] = [];
        const inputSpans: Span[] = [];
        for (const argument of statement.args) {
          if (argument.kind !== 'PositionalArgument') continue;
          if (method === undefined) {
            method = argument;
            continue;
          }
          inputs.push(nodeOf(walk, argument.value));
          inputSpans.push(argument.span);
        }
        const hypers: HyperArg[] = [];
        for (const k of keywords) {
          hypers.push({ name: k.name.name, nameSpan: k.name.span, value: valueOf(walk, k.value), span: k.span });
        }
        id = builder.add({
          kind: 'merge',
          method: stringOf(method?.value) ?? '',
          methodSpan: method?.span ?? statement.commandSpan,
          inputs,
          inputSpans,
          hypers,
          ...common,
        });
        break;
      }
      case 'dict':
        id = builder.add({ kind: 'hyper', value: dictOf(walk, statement), ...common });
        break;
      case 'literal': {
        const [value] = positional;
        id = builder.add({
          kind: 'literal',
          value: value ? valueOf(walk, value) : { kind: 'invalid', span: statement.commandSpan },
          config: stringOf(keyword(keywords, 'model_config')),
          space: normaliseSpace(stringOf(keyword(keywords, 'merge_space'))),
          ...common,
        });
        break;
      }
    }
    if (id !== undefined) {
      walk.byIndex.set(statement.index, id);
      builder.output = id;
      builder.outputSpan = statement.span;
    }
  }
  if (builder.output === undefined && !document.statements.some((s) => s.kind === 'ErrorStatement')) {
    builder.report(NAMES.NoOutput, { start: document.span.end, end: document.span.end });
  }
}

/** What resolving a line's references needs: the lines so far and the line being read. */
interface Walk {
  readonly builder: GraphBuilder;
  /** The node each `&N` made so far. */
  readonly byIndex: Map<number, NodeId>;
  /** How many lines the recipe numbers. */
  readonly count: number;
  statement: LegacyStatement;
}

function keyword(keywords: readonly KeywordArgument[], name: string): Expression | undefined {
  for (const k of keywords) if (k.name.name === name) return k.value;
  return undefined;
}

function reference(walk: Walk, ref: Reference): NodeId | undefined {
  const { builder, statement, count } = walk;
  const node = walk.byIndex.get(ref.index);
  let problem: 'range' | 'self' | 'forward' | undefined;
  if (ref.index < 0 || ref.index >= count) problem = 'range';
  else if (ref.index === statement.index) problem = 'self';
  else if (ref.index > statement.index) problem = 'forward';
  builder.uses.push({ text: `&${ref.index}`, span: ref.span, node: problem ? undefined : node });
  if (problem === 'range') builder.report(NAMES.ReferenceOutOfRange, ref.span, { index: ref.index, count });
  else if (problem === 'self') builder.report(NAMES.SelfReference, ref.span, { index: ref.index });
  else if (problem === 'forward') builder.report(NAMES.ForwardReference, ref.span, { index: ref.index });
  // A line that failed to parse has no node; the parser reported it.
  return problem ? undefined : node;
}

function valueOf(walk: Walk, expression: Expression): HyperValue {
  switch (expression.kind) {
    case 'NumberLiteral':
      return { kind: 'number', value: expression.value, raw: expression.raw, span: expression.span };
    case 'StringLiteral':
      return { kind: 'string', value: expression.value, span: expression.span };
    case 'BooleanLiteral':
      return { kind: 'bool', value: expression.value, span: expression.span };
    case 'NullLiteral':
      return { kind: 'null', span: expression.span };
    case 'Reference': {
      const node = reference(walk, expression);
      return node === undefined ? { kind: 'invalid', span: expression.span } : { kind: 'node', node, span: expression.span };
    }
    default:
      // Names and v1 syntax in a legacy file: the parser reported them.
      return { kind: 'invalid', span: expression.span };
  }
}

function nodeOf(walk: Walk, expression: Expression): NodeId {
  const builder = walk.builder;
  if (expression.kind === 'Reference') return reference(walk, expression) ?? builder.errorNode(expression.span);
  if (expression.kind === 'StringLiteral') {
    return builder.add({ kind: 'model', path: expression.value, pathSpan: expression.span, inline: true, span: expression.span });
  }
  return builder.add({ kind: 'hyper', value: valueOf(walk, expression), span: expression.span });
}

/** `dict sd1_unet_block_in2=0.75 sd1_txt_default=0.5` as `blocks(sd1.unet, in2=0.75) | default(sd1.txt, 0.5)`. */
function dictOf(walk: Walk, statement: LegacyStatement): HyperValue {
  const entries: HyperEntry[] = statement.args.map((argument: Argument): HyperEntry => {
    if (argument.kind !== 'KeywordArgument') return { kind: 'invalid', span: argument.span };
    const key = argument.name.name;
    const value = valueOf(walk, argument.value);
    const parsed = parseDictKey(key);
    if (!parsed) return { kind: 'key', name: key, nameSpan: argument.name.span, value, span: argument.span };
    if (parsed.kind === 'default') {
      return { kind: 'default', arch: parsed.arch, component: parsed.component, value, span: argument.span };
    }
    const { arch, component, name } = parsed;
    const rest = { arch, component, name, nameSpan: argument.name.span, value, span: argument.span };
    return parsed.kind === 'block' ? { kind: 'block', ...rest } : { kind: 'class', ...rest };
  });
  return { kind: 'map', source: 'dict', entries, span: statement.span };
}

function stringOf(expression: Expression | undefined): string | undefined {
  return expression?.kind === 'StringLiteral' ? expression.value : undefined;
}

/** sd-mecha wrote `"BASE"`, `"base"`, `"DELTA"`; v1 calls the full-model space `weight`. */
export function normaliseSpace(space: string | undefined): string | undefined {
  if (space === undefined) return undefined;
  const lower = space.toLowerCase();
  return lower === 'base' ? 'weight' : lower;
}

/** sd-mecha 0.1.0 configs are `<arch>-<layout>` (`sd1-ldm`, `sdxl-sgm`); the architecture is the first part. */
export function archOfConfig(config: string | undefined): string | undefined {
  if (config === undefined || config === '') return undefined;
  return config.split('-')[0];
}
