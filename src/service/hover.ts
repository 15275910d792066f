import type { Identifier, KeywordArgument, LegacyStatement, Node, StringLiteral } from '../ast/nodes.js';
import { nodePath } from '../ast/visit.js';
import { parseDictKey } from '../graph/dict-keys.js';
import { isHyperMapCall } from '../graph/hyper-calls.js';
import type { Binding, GraphNode, ModelNode } from '../graph/types.js';
import { dtypeSize, isDType } from '../runtime/dtype/dtype.js';
import type { Span } from '../text/span.js';
import type { Hover } from './api.js';
import {
  architectureMarkdown,
  componentSummary,
  firstFew,
  formatBytes,
  hyperDetail,
  methodMarkdown,
  rangeList,
} from './describe.js';
import { mbwPresetMarkdown } from './mbw-preset-docs.js';
import type { DocumentState } from './document-state.js';

/** How many key names a block or class hover lists before "and N more". */
const KEYS_SHOWN = 5;

const SPACE_DOCS: Readonly<Record<string, string>> = {
  weight: '**weight**: a full model (sd-mecha `BASE`)',
  base: '**base**: a full model (sd-mecha 0.0.x spelling of `weight`)',
  delta: '**delta**: a difference of two models, such as `subtract(tuned, base)`',
  lora: '**lora**: a LoRA; converts to a delta against its base',
  param: '**param**: a hyperparameter value',
};

/** What the thing under the cursor is: a method, a keyword, a block, a component, a model, a name, an `&N`. */
export function hover(state: DocumentState, offset: number): Hover | undefined {
  const path = nodePath(state.document, offset);
  const node = path[path.length - 1]!;
  const parent = path[path.length - 2];
  const grand = path[path.length - 3];
  const at = (span: Span, markdown: string | undefined): Hover | undefined =>
    markdown ? { span, markdown } : undefined;

  switch (node.kind) {
    case 'Identifier':
      return at(node.span, identifierHover(state, node, parent, grand, offset));
    case 'MemberExpression':
      return at(node.span, componentHover(state, node.object.name, node.property.name));
    case 'KeywordName':
      return parent?.kind === 'KeywordArgument' ? at(node.span, keywordHover(state, parent, grand)) : undefined;
    case 'StringLiteral':
      return at(node.span, stringHover(state, node, parent, grand));
    case 'Reference':
      return at(node.span, lineHover(state, node.index));
    case 'LegacyStatement': {
      const command = node.commandSpan;
      return command.start <= offset && offset <= command.end ? at(command, lineHover(state, node.index)) : undefined;
    }
    default:
      return undefined;
  }
}

function identifierHover(
  state: DocumentState,
  node: Identifier,
  parent: Node | undefined,
  grand: Node | undefined,
  offset: number,
): string | undefined {
  const registry = state.registry;
  if (parent?.kind === 'CallExpression' && parent.callee === node) return calleeHover(state, node.name);
  if (parent?.kind === 'MemberExpression') {
    if (parent.object === node) return archHover(state, node.name);
    return componentHover(state, parent.object.name, node.name);
  }
  if (parent?.kind === 'TypeAnnotation') {
    return parent.arch === node ? archHover(state, node.name) : SPACE_DOCS[node.name];
  }
  if (parent?.kind === 'ModelDecl' || parent?.kind === 'ParamDecl' || parent?.kind === 'LetDecl') {
    const binding = state.semantic.bindingAt(offset);
    return binding ? bindingHover(state, binding) : undefined;
  }
  // `default(sd1, 0.5)`, `mbw(sd1, "...")`: an architecture, not a name.
  if (
    parent?.kind === 'PositionalArgument' &&
    grand?.kind === 'CallExpression' &&
    isHyperMapCall(grand) &&
    grand.args[0] === parent
  ) {
    return archHover(state, node.name);
  }
  const use = state.semantic.useAt(offset);
  if (use?.binding !== undefined) {
    const binding = state.semantic.binding(use.binding);
    return binding ? bindingHover(state, binding) : undefined;
  }
  return registry.architecture(node.name) ? archHover(state, node.name) : undefined;
}

function calleeHover(state: DocumentState, name: string): string | undefined {
  const builtin = state.registry.hyperBuiltin(name);
  if (builtin) return ['```mecha', builtin.signature, '```', '', builtin.doc].join('\n');
  const sig = state.registry.method(name);
  return sig ? methodMarkdown(sig) : undefined;
}

function archHover(state: DocumentState, name: string): string | undefined {
  const arch = state.registry.architecture(name);
  return arch ? architectureMarkdown(arch) : undefined;
}

function componentHover(state: DocumentState, archName: string, name: string): string | undefined {
  const arch = state.registry.architecture(archName);
  const component = arch?.component(name);
  if (!arch || !component) return undefined;
  const lines = [`**${arch.id}.${component.name}**${component.description ? `: ${component.description}` : ''}`, ''];
  lines.push(`${component.keys.length} keys under \`${component.prefix}.\``, '');
  lines.push(`Blocks: ${rangeList(component.blocks)}`, '');
  lines.push(`Classes (${component.classes.length}): ${component.classes.join(', ')}`);
  return lines.join('\n');
}

/** `alpha=` of a call, a block or class of `blocks`/`classes`, a key of a legacy `dict`. */
function keywordHover(state: DocumentState, argument: KeywordArgument, owner: Node | undefined): string | undefined {
  const name = argument.name.name;
  if (owner?.kind === 'CallExpression') {
    const callee = owner.callee.name;
    if (callee === 'blocks' || callee === 'classes') {
      const target = owner.args[0];
      const value = target?.kind === 'PositionalArgument' ? target.value : undefined;
      if (value?.kind !== 'MemberExpression') return undefined;
      return entryHover(state, callee === 'blocks' ? 'block' : 'class', value.object.name, value.property.name, name);
    }
    return hyperHover(state, callee, name);
  }
  if (owner?.kind === 'LegacyStatement') {
    if (owner.command === 'merge') {
      const method = legacyMethod(owner);
      return method === undefined ? undefined : hyperHover(state, method, name);
    }
    if (owner.command === 'dict') {
      const key = parseDictKey(name);
      if (!key) return undefined;
      if (key.kind === 'default') {
        const component = state.registry.architecture(key.arch)?.component(key.component);
        return component
          ? `\`${name}\`: the value of every key of \`${key.arch}.${key.component}\` no block or class entry covers (${componentSummary(component)})`
          : undefined;
      }
      return entryHover(state, key.kind, key.arch, key.component, key.name, name);
    }
  }
  return undefined;
}

function hyperHover(state: DocumentState, method: string, name: string): string | undefined {
  const sig = state.registry.method(method);
  const hyper = sig?.hypers.find((h) => h.name === name);
  if (!sig || !hyper) return undefined;
  const lines = [
    '```mecha',
    `${sig.name}(..., ${hyper.name}: ${hyper.perKey ? 'hyper' : hyper.type})`,
    '```',
    '',
    hyperDetail(hyper),
  ];
  if (hyper.doc) lines.push('', hyper.doc);
  return lines.join('\n');
}

/** A block (or `*` pattern) or class of a component: how many keys it covers, and the first of them. */
function entryHover(
  state: DocumentState,
  kind: 'block' | 'class',
  archName: string,
  componentName: string,
  name: string,
  written = name,
): string | undefined {
  const arch = state.registry.architecture(archName);
  const component = arch?.component(componentName);
  if (!arch || !component) return undefined;
  const where = `${arch.id}.${component.name}`;
  // A legacy dict key says more than the block name it holds.
  const lead = written === name ? '' : `\`${written}\`: `;
  if (kind === 'class') {
    const keys = arch.keysOfClass(component.name, name);
    if (keys.length === 0) return `${lead}\`${name}\` is not a class of \`${where}\``;
    return [`${lead}class \`${name}\` of \`${where}\`, ${keys.length} keys`, '', ...firstFew(keys, KEYS_SHOWN)].join(
      '\n',
    );
  }
  const blocks = arch.expandBlockPattern(component.name, name);
  if (blocks.length === 0)
    return `${lead}no block of \`${where}\` is \`${name}\` (its blocks: ${rangeList(component.blocks)})`;
  const keys = [...new Set(blocks.flatMap((b) => arch.keysOfBlock(component.name, b)))];
  const head =
    blocks.length === 1 && blocks[0] === name
      ? `${lead}block \`${name}\` of \`${where}\`, ${keys.length} keys`
      : `${lead}blocks ${rangeList(blocks)} of \`${where}\` (\`${name}\`), ${keys.length} keys`;
  return [head, '', ...firstFew(keys, KEYS_SHOWN)].join('\n');
}

function stringHover(
  state: DocumentState,
  node: StringLiteral,
  parent: Node | undefined,
  grand: Node | undefined,
): string | undefined {
  const semantic = state.semantic;
  if (parent?.kind === 'ModelDecl' && parent.path === node) return modelHover(state, semantic.nodeAt(parent.span));
  if (parent?.kind !== 'PositionalArgument') return undefined;
  if (grand?.kind === 'CallExpression' && grand.callee.name === 'mbw') {
    const target = grand.args[0];
    const arch = target?.kind === 'PositionalArgument' && target.value.kind === 'Identifier' ? target.value.name : undefined;
    return mbwPresetMarkdown(node.value, arch === undefined ? undefined : state.registry.architecture(arch));
  }
  if (grand?.kind === 'CallExpression') return modelHover(state, semantic.nodeAt(node.span));
  if (grand?.kind !== 'LegacyStatement') return undefined;
  const position = grand.args.filter((a) => a.kind === 'PositionalArgument').indexOf(parent);
  switch (grand.command) {
    case 'merge':
      if (position === 0) {
        const sig = state.registry.method(node.value);
        return sig ? methodMarkdown(sig) : undefined;
      }
      return modelHover(state, semantic.nodeAt(node.span));
    case 'model':
      if (position === 0) return modelHover(state, semantic.nodeAt(grand.span));
      if (position === 1) return archHover(state, node.value);
      return SPACE_DOCS[node.value.toLowerCase()];
    case 'parameter':
      if (position === 1) return SPACE_DOCS[node.value.toLowerCase()];
      if (position === 2) return archHover(state, node.value);
      return undefined;
    default:
      return undefined;
  }
}

function legacyMethod(statement: LegacyStatement): string | undefined {
  const first = statement.args.find((a) => a.kind === 'PositionalArgument');
  return first?.value.kind === 'StringLiteral' ? first.value.value : undefined;
}

/** A v1 name: its type, where it is defined, and, for a model, its file. */
function bindingHover(state: DocumentState, binding: Binding): string {
  const semantic = state.semantic;
  const type = semantic.typeText(binding.node);
  const line = state.lines.positionAt(binding.nameSpan.start).line + 1;
  const lines = ['```mecha', semantic.snippet(binding.statementSpan, 200), '```', ''];
  lines.push(
    `\`${binding.name}\`${type ? `: ${type}` : ''}, ${binding.kind === 'let' ? 'bound' : 'declared'} on line ${line}`,
  );
  const node = semantic.node(binding.node);
  if (node?.kind === 'model') lines.push('', ...modelFacts(state, node));
  return lines.join('\n');
}

/** A legacy line by its number: the line, its type. */
function lineHover(state: DocumentState, index: number): string | undefined {
  const semantic = state.semantic;
  const line = semantic.legacyLine(index);
  if (!line) return `\`&${index}\`: no such line`;
  const type = semantic.typeText(semantic.nodeOfLine(index));
  const number = state.lines.positionAt(line.span.start).line + 1;
  const lines = [
    '```mecha',
    semantic.snippet(line.span, 200),
    '```',
    '',
    `\`&${index}\`, line ${number}${type ? `: ${type}` : ''}`,
  ];
  const node = semantic.node(semantic.nodeOfLine(index));
  if (node?.kind === 'model') lines.push('', ...modelFacts(state, node));
  return lines.join('\n');
}

function modelHover(state: DocumentState, node: GraphNode | undefined): string | undefined {
  if (node?.kind !== 'model') return undefined;
  const type = state.semantic.typeText(node.id);
  return [`**model** \`${node.path}\`${type ? `: ${type}` : ''}`, '', ...modelFacts(state, node)].join('\n');
}

/** What is known of a model's file: where it is, its detected architecture, dtypes and size. */
function modelFacts(state: DocumentState, node: ModelNode): string[] {
  const resolved = state.semantic.model(node.id);
  const listed = state.context.host?.listModels?.().find((m) => m.path === node.path);
  if (!resolved) {
    if (listed?.size !== undefined) return [`\`${node.path}\`, ${formatBytes(listed.size)}`];
    return state.context.checkHost
      ? [`Path \`${node.path}\`: the file was not found or could not be read`]
      : [`Path \`${node.path}\``];
  }
  const dtypes = new Map<string, number>();
  let bytes = 0;
  for (const tensor of resolved.tensors.values()) {
    dtypes.set(tensor.dtype, (dtypes.get(tensor.dtype) ?? 0) + 1);
    if (isDType(tensor.dtype)) bytes += tensor.shape.reduce((n, d) => n * d, 1) * dtypeSize(tensor.dtype);
  }
  const dtypeText = [...dtypes]
    .sort((a, b) => b[1] - a[1])
    .map(([dtype, count]) => `${dtype} (${count} tensors)`)
    .join(', ');
  return [
    `File: \`${resolved.path}\``,
    '',
    `Architecture: ${resolved.arch ?? 'not recognised'}`,
    '',
    `Dtype: ${dtypeText || 'no tensors'}`,
    '',
    `Size: ${formatBytes(listed?.size ?? bytes)}, ${resolved.tensors.size} tensors`,
  ];
}
