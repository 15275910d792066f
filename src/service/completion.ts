import { arity, type MethodSignature } from '../registry/methods/signature.js';
import type { Span } from '../text/span.js';
import type { CompletionItem, CompletionKind } from './api.js';
import { cursorContext, statementWords, type CursorContext, type Quote } from './cursor-context.js';
import { componentSummary, formatBytes, hyperDetail, rangeList, wildcardForms } from './describe.js';
import type { DocumentState } from './document-state.js';
import { MBW_PRESET_NAMES } from '../registry/mbw-presets.js';
import { mbwPresetMarkdown } from './mbw-preset-docs.js';

/** What each statement word starts, shown beside it. */
const STATEMENT_DETAILS: Readonly<Record<string, string>> = {
  model: 'model NAME = "path" : arch',
  param: 'param NAME : arch',
  let: 'let NAME = expression',
  output: 'output NAME',
  merge: 'merge "method" &0 &1 name=value',
  parameter: 'parameter "name" "space" "arch"',
  dict: 'dict key=value ...',
  literal: 'literal value model_config="..." merge_space="..."',
};

/**
 * The items of one request, all replacing the same span. `sortText` is the item's group, then the order it was
 * added in, so whatever a client sorts by, groups stay together and blocks stay in natural order.
 */
class Items {
  private readonly items: CompletionItem[] = [];
  constructor(private readonly replace: Span) {}

  /** In the order a client shows them. */
  get list(): CompletionItem[] {
    return [...this.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : a.sortText! > b.sortText! ? 1 : 0));
  }

  add(item: Omit<CompletionItem, 'replace' | 'sortText'>, group = 5): void {
    const sortText = `${group}${String(this.items.length).padStart(5, '0')}`;
    this.items.push({ ...item, replace: this.replace, sortText });
  }
}

export function completions(state: DocumentState, offset: number): readonly CompletionItem[] {
  const context = cursorContext(state.document, state.text, offset);
  if (context.kind === 'none') return [];
  const items = new Items(context.replace);
  switch (context.kind) {
    case 'statement':
      for (const word of statementWords(state.document.dialect)) {
        items.add({ label: word, kind: 'statement', detail: STATEMENT_DETAILS[word], insertText: `${word} ` });
      }
      break;
    case 'expression':
      expressionItems(state, context.statementStart, items);
      break;
    case 'map-expression':
      builtinItems(state, items);
      hyperNameItems(state, context.statementStart, (type) => type.startsWith('hyper'), items);
      break;
    case 'arguments':
      argumentItems(state, context, items);
      break;
    case 'hyper-value':
      hyperValueItems(state, context, items);
      break;
    case 'map-entries':
      mapEntryItems(state, context, items);
      break;
    case 'map-target':
      mapTargetItems(state, context.builtin, items);
      break;
    case 'component':
      componentItems(state, context.arch, items);
      break;
    case 'architecture':
      for (const arch of state.registry.architectures()) {
        items.add({
          label: arch.id,
          kind: 'architecture',
          detail: arch.description,
          insertText: quoted(arch.id, context.quote),
        });
      }
      break;
    case 'space':
      for (const [space, detail] of spaces(state.document.dialect)) {
        items.add({ label: space, kind: 'space', detail, insertText: quoted(space, context.quote) });
      }
      break;
    case 'config':
      for (const config of state.registry.configs()) {
        items.add({
          label: config.id,
          kind: 'value',
          detail: config.description,
          insertText: quoted(config.id, context.quote),
        });
      }
      break;
    case 'model-path':
      for (const model of state.context.host?.listModels?.() ?? []) {
        items.add({
          label: model.path,
          kind: 'model-path',
          ...(model.size !== undefined ? { detail: formatBytes(model.size) } : {}),
          insertText: quoted(model.path, context.quote),
        });
      }
      break;
    case 'mbw-preset': {
      const arch = context.arch === undefined ? undefined : state.registry.architecture(context.arch);
      for (const name of MBW_PRESET_NAMES) {
        const documentation = mbwPresetMarkdown(name, arch);
        items.add({
          label: name,
          kind: 'value',
          detail: 'SuperMerger block-weight preset',
          ...(documentation ? { documentation } : {}),
          insertText: quoted(name, context.quote),
        });
      }
      break;
    }
    case 'legacy-method':
      for (const method of state.context.catalog.methods) {
        items.add({
          label: method.name,
          kind: 'method',
          detail: method.signature,
          documentation: method.markdown,
          insertText: quoted(method.name, context.quote),
        });
      }
      break;
    case 'legacy-arguments': {
      const sig = state.registry.method(context.method);
      referenceItems(state, context.statementStart, items);
      if (sig) keywordItems(sig, context.given, items);
      break;
    }
    case 'legacy-value':
      referenceItems(state, context.statementStart, items);
      break;
    case 'dict-key':
      dictKeyItems(state, context.given, items);
      break;
  }
  return items.list;
}

function quoted(text: string, quote: Quote): string {
  return quote === 'wrap' ? JSON.stringify(text) : quote === 'close' ? `${text}"` : text;
}

/** Every merge method, with its signature and documentation. */
function methodItems(state: DocumentState, items: Items): void {
  for (const method of state.context.catalog.methods) {
    items.add({ label: method.name, kind: 'method', detail: method.signature, documentation: method.markdown }, 6);
  }
}

/** Where a value is expected: names in scope first (the likeliest), then methods and the hyper builtins. */
function expressionItems(state: DocumentState, statementStart: number, items: Items): void {
  if (state.document.dialect === 'v1') nameItems(state, statementStart, items);
  else referenceItems(state, statementStart, items);
  methodItems(state, items);
  builtinItems(state, items, 7);
}

/** `blocks`, `classes`, `default`, `mbw`. */
function builtinItems(state: DocumentState, items: Items, group = 4): void {
  for (const builtin of state.registry.hyperBuiltins()) {
    items.add({ label: builtin.name, kind: 'method', detail: builtin.signature, documentation: builtin.doc }, group);
  }
}

/** Names in scope whose type fits a hyperparameter. */
function hyperNameItems(
  state: DocumentState,
  statementStart: number,
  fits: (type: string) => boolean,
  items: Items,
): void {
  const semantic = state.semantic;
  for (const binding of semantic.graph.bindings) {
    if (binding.duplicate || binding.statementSpan.start >= statementStart) continue;
    const type = semantic.typeText(binding.node);
    if (type !== undefined && fits(type)) items.add({ label: binding.name, kind: 'name', detail: type }, 2);
  }
}

/** v1 names bound before the statement the cursor is in, with their inferred types. */
function nameItems(state: DocumentState, statementStart: number, items: Items): void {
  const semantic = state.semantic;
  for (const binding of semantic.graph.bindings) {
    if (binding.duplicate || binding.statementSpan.start >= statementStart) continue;
    const line = state.lines.positionAt(binding.nameSpan.start).line + 1;
    const type = semantic.typeText(binding.node);
    items.add(
      {
        label: binding.name,
        kind: 'name',
        ...(type !== undefined ? { detail: type } : {}),
        documentation: `\`${binding.kind} ${binding.name}\`, line ${line}: \`${semantic.snippet(binding.statementSpan)}\``,
      },
      2,
    );
  }
}

/** Legacy `&N` of the lines above the cursor's, each with the line it stands for. */
function referenceItems(state: DocumentState, statementStart: number, items: Items): void {
  for (const statement of state.document.statements) {
    if (statement.kind !== 'LegacyStatement' || statement.span.start >= statementStart) continue;
    const snippet = state.semantic.snippet(statement.span);
    const type = state.semantic.typeText(state.semantic.nodeOfLine(statement.index));
    items.add(
      {
        label: `&${statement.index}`,
        kind: 'reference',
        detail: snippet,
        ...(type !== undefined ? { documentation: `\`&${statement.index}\`: ${type}` } : {}),
      },
      2,
    );
  }
}

/** At the start of a merge call's argument: models while more are expected, keyword names once they may come. */
function argumentItems(
  state: DocumentState,
  context: Extract<CursorContext, { kind: 'arguments' }>,
  items: Items,
): void {
  const sig = state.registry.method(context.method);
  if (!sig) {
    expressionItems(state, context.statementStart, items);
    return;
  }
  const { min, max } = arity(sig);
  const modelsMayCome = context.given.length === 0 && context.positional < max;
  const modelsNeeded = modelsMayCome && context.positional < min;
  if (!modelsNeeded) keywordItems(sig, context.given, items, 1);
  if (modelsMayCome) {
    nameItems(state, context.statementStart, items);
    methodItems(state, items);
  }
}

/** The hyperparameters of a method not given yet, as `name=`. */
function keywordItems(sig: MethodSignature, given: readonly string[], items: Items, group = 3): void {
  for (const hyper of sig.hypers) {
    if (given.includes(hyper.name)) continue;
    items.add(
      {
        label: hyper.name,
        kind: 'keyword-argument',
        detail: hyperDetail(hyper),
        ...(hyper.doc ? { documentation: hyper.doc } : {}),
        insertText: `${hyper.name}=`,
      },
      group,
    );
  }
}

/** After `name=`: the values that parameter takes. */
function hyperValueItems(
  state: DocumentState,
  context: Extract<CursorContext, { kind: 'hyper-value' }>,
  items: Items,
): void {
  const hyper = state.registry.method(context.method)?.hypers.find((h) => h.name === context.param);
  if (!hyper) return;
  if (hyper.type === 'bool') {
    for (const value of ['true', 'false']) items.add({ label: value, kind: 'value', detail: hyperDetail(hyper) });
  } else if (hyper.values) {
    for (const value of hyper.values)
      items.add({ label: JSON.stringify(value), kind: 'value', detail: hyperDetail(hyper) });
  }
  if (hyper.perKey) builtinItems(state, items);
  if (hyper.type === 'number' || hyper.type === 'int') {
    // A name bound to a number or, for per-key parameters, to a map.
    const fits = (type: string) =>
      type === 'number' || type === 'int' || (hyper.perKey === true && type.startsWith('hyper'));
    hyperNameItems(state, context.statementStart, fits, items);
  }
}

/** The blocks (with `*` forms) or classes of the map's component, in natural order, not set yet. */
function mapEntryItems(
  state: DocumentState,
  context: Extract<CursorContext, { kind: 'map-entries' }>,
  items: Items,
): void {
  const arch = context.arch === undefined ? undefined : state.registry.architecture(context.arch);
  const component = context.component === undefined ? undefined : arch?.component(context.component);
  if (!arch || !component) return;
  const where = `${arch.id}.${component.name}`;
  if (context.builtin === 'blocks') {
    for (const block of component.blocks) {
      if (context.given.includes(block)) continue;
      const keys = arch.keysOfBlock(component.name, block).length;
      items.add({ label: block, kind: 'block', detail: `${where} block, ${keys} keys`, insertText: `${block}=` });
    }
    for (const { pattern, blocks } of wildcardForms(component.blocks)) {
      if (context.given.includes(pattern)) continue;
      items.add(
        { label: pattern, kind: 'block', detail: `every block ${rangeList(blocks)}`, insertText: `${pattern}=` },
        6,
      );
    }
  } else {
    for (const cls of component.classes) {
      if (context.given.includes(cls)) continue;
      const keys = arch.keysOfClass(component.name, cls).length;
      items.add({ label: cls, kind: 'class', detail: `${where} class, ${keys} keys`, insertText: `${cls}=` });
    }
  }
}

/** What a map is for: `sd1.unet` for blocks and classes; also `sd1` for default; `sd1` for mbw. */
function mapTargetItems(state: DocumentState, builtin: string, items: Items): void {
  for (const arch of state.registry.architectures()) {
    if (builtin === 'default')
      items.add({ label: arch.id, kind: 'architecture', detail: `every component of ${arch.id}` }, 4);
    for (const component of arch.components) {
      items.add({ label: `${arch.id}.${component.name}`, kind: 'component', detail: componentSummary(component) });
    }
  }
}

function componentItems(state: DocumentState, archName: string, items: Items): void {
  const arch = state.registry.architecture(archName);
  for (const component of arch?.components ?? []) {
    items.add({
      label: component.name,
      kind: 'component',
      detail: componentSummary(component),
      ...(component.description ? { documentation: component.description } : {}),
    });
  }
}

/** Legacy dict keys for the architectures of the file's models: defaults, blocks in natural order, then classes. */
function dictKeyItems(state: DocumentState, given: readonly string[], items: Items): void {
  const semantic = state.semantic;
  const archs = new Set<string>();
  for (const node of semantic.graph.nodes) {
    if (node.kind !== 'model' && node.kind !== 'param') continue;
    const arch = semantic.type(node.id)?.arch;
    if (arch !== undefined) archs.add(arch);
  }
  const architectures =
    archs.size > 0 ? [...archs].flatMap((a) => state.registry.architecture(a) ?? []) : state.registry.architectures();
  for (const arch of architectures) {
    for (const component of arch.components) {
      const prefix = `${arch.id}_${component.name}`;
      const add = (key: string, kind: CompletionKind, detail: string, group: number) => {
        if (!given.includes(key)) items.add({ label: key, kind, detail, insertText: `${key}=` }, group);
      };
      add(`${prefix}_default`, 'component', `every key of ${arch.id}.${component.name} no entry covers`, 3);
      for (const block of component.blocks) {
        add(`${prefix}_block_${block}`, 'block', `${arch.keysOfBlock(component.name, block).length} keys`, 4);
      }
      for (const cls of component.classes) {
        add(`${prefix}_class_${cls}`, 'class', `${arch.keysOfClass(component.name, cls).length} keys`, 6);
      }
    }
  }
}

function spaces(dialect: string): readonly (readonly [string, string])[] {
  if (dialect === 'legacy') {
    return [
      ['base', 'a full model'],
      ['delta', 'a difference of two models'],
    ];
  }
  if (dialect === 'legacy-0.1.0') {
    return [
      ['weight', 'a full model'],
      ['delta', 'a difference of two models'],
      ['param', 'a hyperparameter value'],
    ];
  }
  return [
    ['weight', 'a full model (the default)'],
    ['delta', 'a difference of two models'],
    ['lora', 'a LoRA; converts to a delta against its base'],
  ];
}
