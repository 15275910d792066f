import { describe, expect, test } from 'vitest';
import type { Argument, Document, Expression, Identifier, Statement } from '../../src/ast/nodes.js';
import { buildGraph } from '../../src/graph/build.js';
import { canonicalGraph } from '../../src/graph/canonical.js';
import type { HyperValue, MergeNode } from '../../src/graph/types.js';
import { parse } from '../../src/parser/parse.js';

// Small hand-made trees: the graph depends on the AST only, not on how it was parsed.
let offset = 0;
const at = () => ({ start: offset, end: ++offset });
const id = (name: string): Identifier => ({ kind: 'Identifier', name, span: at() });
const num = (value: number): Expression => ({ kind: 'NumberLiteral', value, raw: String(value), span: at() });
const str = (value: string): Expression => ({ kind: 'StringLiteral', value, raw: JSON.stringify(value), span: at() });
const ref = (index: number): Expression => ({ kind: 'Reference', index, span: at() });
const pos = (value: Expression): Argument => ({ kind: 'PositionalArgument', value, span: value.span });
const kw = (name: string, value: Expression): Argument => ({
  kind: 'KeywordArgument',
  name: { kind: 'KeywordName', name, span: at() },
  value,
  span: at(),
});
const call = (callee: string, ...args: Argument[]): Expression => ({
  kind: 'CallExpression',
  callee: id(callee),
  args,
  argsSpan: at(),
  span: at(),
});
const model = (name: string, path: string, arch?: string): Statement => ({
  kind: 'ModelDecl',
  name: id(name),
  path: str(path) as Extract<Expression, { kind: 'StringLiteral' }>,
  type: arch ? { kind: 'TypeAnnotation', arch: id(arch), space: undefined, span: at() } : undefined,
  span: at(),
});
const let_ = (name: string, value: Expression): Statement => ({ kind: 'LetDecl', name: id(name), value, span: at() });
const legacy = (command: 'model' | 'merge' | 'parameter' | 'dict' | 'literal', index: number, ...args: Argument[]): Statement => ({
  kind: 'LegacyStatement',
  command,
  commandSpan: at(),
  index,
  args,
  span: at(),
});
const doc = (dialect: Document['dialect'], ...statements: Statement[]): Document => ({
  kind: 'Document',
  dialect,
  version: undefined,
  statements,
  comments: [],
  span: { start: 0, end: offset },
});

describe('buildGraph on hand-made trees', () => {
  test('v1: models, a merge, the last let as output', () => {
    const { graph, diagnostics } = buildGraph(
      doc('v1', model('a', 'a', 'sd1'), model('b', 'b', 'sd1'), let_('out', call('weighted_sum', pos(id('a')), pos(id('b')), kw('alpha', num(0.3))))),
    );
    expect(diagnostics).toEqual([]);
    const out = graph.nodes[graph.output!] as MergeNode;
    expect(out.kind).toBe('merge');
    expect(out.method).toBe('weighted_sum');
    expect(out.name).toBe('out');
    expect(out.inputs.map((i) => graph.nodes[i]!.kind)).toEqual(['model', 'model']);
    expect(out.hypers).toHaveLength(1);
    expect(out.hypers[0]!.value).toMatchObject({ kind: 'number', value: 0.3 });
    expect(graph.bindings.map((b) => b.name)).toEqual(['a', 'b', 'out']);
    expect(graph.uses.map((u) => u.text)).toEqual(['a', 'b']);
  });

  test('legacy: &N resolves to the line with that index, the last line is the output', () => {
    const { graph, diagnostics } = buildGraph(
      doc(
        'legacy',
        legacy('model', 0, pos(str('a')), pos(str('sd1')), pos(str('base'))),
        legacy('model', 1, pos(str('b')), pos(str('sd1')), pos(str('base'))),
        legacy('merge', 2, pos(str('weighted_sum')), pos(ref(0)), pos(ref(1)), kw('alpha', num(0.5))),
      ),
    );
    expect(diagnostics).toEqual([]);
    const out = graph.nodes[graph.output!] as MergeNode;
    expect(out.index).toBe(2);
    expect(out.inputs).toEqual([0, 1]);
    expect(graph.nodes[0]).toMatchObject({ kind: 'model', path: 'a', arch: 'sd1', space: 'weight', inline: false });
  });

  test('legacy and v1 trees of the same merge have the same canonical graph', () => {
    const v1 = buildGraph(
      doc('v1', model('x', 'a', 'sd1'), model('y', 'b', 'sd1'), let_('m', call('weighted_sum', pos(id('x')), pos(id('y')), kw('alpha', num(0.5))))),
    ).graph;
    const old = buildGraph(
      doc(
        'legacy',
        legacy('model', 0, pos(str('a')), pos(str('sd1')), pos(str('base'))),
        legacy('model', 1, pos(str('b')), pos(str('sd1')), pos(str('base'))),
        legacy('merge', 2, pos(str('weighted_sum')), pos(ref(0)), pos(ref(1)), kw('alpha', num(0.5))),
      ),
    ).graph;
    expect(canonicalGraph(v1)).toBe(canonicalGraph(old));
  });
});

function graphOf(text: string) {
  const parsed = parse(text);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return buildGraph(parsed.document, text);
}

describe('buildGraph on parsed recipes', () => {
  test('a string where a model is expected is an inline model; numbers become hyper nodes', () => {
    const { graph } = graphOf('version 1\nmodel a = "a" : sd1\nlet out = f(a, "other", 0.5)\n');
    const out = graph.nodes[graph.output!] as MergeNode;
    expect(out.inputs.map((i) => graph.nodes[i]!.kind)).toEqual(['model', 'model', 'hyper']);
    expect(graph.nodes[out.inputs[1]!]).toMatchObject({ kind: 'model', path: 'other', inline: true });
  });

  test('nodes keep the span of the syntax that made them', () => {
    const text = 'version 1\nmodel a = "a" : sd1\nlet out = f(a, g(a))\n';
    const { graph } = graphOf(text);
    const out = graph.nodes[graph.output!] as MergeNode;
    expect(text.slice(out.span.start, out.span.end)).toBe('f(a, g(a))');
    expect(text.slice(out.statementSpan!.start, out.statementSpan!.end)).toBe('let out = f(a, g(a))');
    expect(text.slice(out.methodSpan.start, out.methodSpan.end)).toBe('f');
    const inner = graph.nodes[out.inputs[1]!] as MergeNode;
    expect(text.slice(inner.span.start, inner.span.end)).toBe('g(a)');
    expect(inner.name).toBeUndefined();
  });

  test('hyper map calls become structured maps, joined by |', () => {
    const { graph } = graphOf(
      'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = f(a, b, alpha=default(sd1.txt, 0.5) | blocks(sd1.unet, in2=0.75, out*=0.1) | classes(sd1.txt, mlp_fc1=0.2))\n',
    );
    const alpha = (graph.nodes[graph.output!] as MergeNode).hypers[0]!.value;
    expect(alpha.kind).toBe('pipe');
    const parts = (alpha as Extract<HyperValue, { kind: 'pipe' }>).parts;
    expect(parts.map((p) => p.kind === 'map' && p.source)).toEqual(['default', 'blocks', 'classes']);
    const entries = parts.flatMap((p) => (p.kind === 'map' ? p.entries : []));
    expect(entries).toMatchObject([
      { kind: 'default', arch: 'sd1', component: 'txt', value: { value: 0.5 } },
      { kind: 'block', arch: 'sd1', component: 'unet', name: 'in2', value: { value: 0.75 } },
      { kind: 'block', arch: 'sd1', component: 'unet', name: 'out*', value: { value: 0.1 } },
      { kind: 'class', arch: 'sd1', component: 'txt', name: 'mlp_fc1', value: { value: 0.2 } },
    ]);
  });

  test('a legacy dict maps onto the same entries as blocks(...) | default(...)', () => {
    const { graph } = graphOf('model "a" "sd1" "base"\ndict sd1_unet_block_in2=0.75 sd1_txt_default=0.5\n');
    const dict = graph.nodes[1]!;
    expect(dict).toMatchObject({
      kind: 'hyper',
      index: 1,
      value: {
        kind: 'map',
        source: 'dict',
        entries: [
          { kind: 'block', arch: 'sd1', component: 'unet', name: 'in2' },
          { kind: 'default', arch: 'sd1', component: 'txt' },
        ],
      },
    });
  });

  test('legacy parameters and 0.1.0 models read their spaces and configs', () => {
    const old = graphOf('parameter "a" "BASE" "sdxl"\nparameter "d" "DELTA"\nmerge "add_difference" &0 &1\n').graph;
    expect(old.nodes[0]).toMatchObject({ kind: 'param', name: 'a', arch: 'sdxl', space: 'weight' });
    expect(old.nodes[1]).toMatchObject({ kind: 'param', name: 'd', arch: undefined, space: 'delta' });
    const v010 = graphOf('version 0.1.0\nmodel "a.safetensors" model_config="sd1-ldm" merge_space="weight"\n').graph;
    expect(v010.nodes[0]).toMatchObject({ kind: 'model', arch: 'sd1', config: 'sd1-ldm', space: 'weight' });
  });

  test('0.1.0 singleton literals read as the value they wrap', () => {
    const wrapped = graphOf(
      'version 0.1.0\nmodel "a" model_config="sd1-ldm" merge_space="weight"\nmodel "b" model_config="sd1-ldm" merge_space="weight"\n' +
        'dict key=0.25\nliteral &2 model_config="singleton-mecha" merge_space="param"\nmerge "convert_singleton" &3\n' +
        'merge "weighted_sum" &0 &1 alpha=&4\n',
    ).graph;
    const plain = graphOf('version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b, alpha=0.25)\n').graph;
    expect(wrapped.nodes.map((n) => n.kind)).toEqual(['model', 'model', 'hyper', 'literal', 'merge', 'merge']);
    expect(canonicalGraph(wrapped)).toBe(canonicalGraph(plain));
  });

  test('0.1.0 SuperMerger block literals read as the mbw(...) they mean', () => {
    const blocks = ['BASE', ...Array.from({ length: 12 }, (_, i) => `IN${String(i).padStart(2, '0')}`), 'M00'];
    blocks.push(...Array.from({ length: 12 }, (_, i) => `OUT${String(i).padStart(2, '0')}`));
    const values = blocks.map((_, i) => (i < 13 ? '0' : '1.0'));
    const wrapped = graphOf(
      'version 0.1.0\nmodel "a" model_config="sd1-ldm" merge_space="weight"\nmodel "b" model_config="sd1-ldm" merge_space="weight"\n' +
        `dict ${blocks.map((b, i) => `${b}=${values[i]}`).reverse().join(' ')}\n` +
        'literal &2 model_config="sd1-supermerger_blocks" merge_space="param"\nmerge "convert_sd1_blocks_to_ldm" &3\n' +
        'merge "weighted_sum" &0 &1 alpha=&4\n',
    ).graph;
    const plain = graphOf(
      `version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b, alpha=mbw(sd1, "${values.map(Number).join(', ')}"))\n`,
    ).graph;
    expect(canonicalGraph(wrapped)).toBe(canonicalGraph(plain));
  });

  test('`let b = a` is another name for the same node', () => {
    const { graph, diagnostics } = graphOf('version 1\nmodel a = "a" : sd1\nlet b = a\noutput b\n');
    expect(diagnostics).toEqual([]);
    expect(graph.output).toBe(0);
    expect(graph.bindings[1]).toMatchObject({ name: 'b', node: 0, kind: 'let' });
  });

  test('an explicit output wins over the last let', () => {
    const { graph } = graphOf('version 1\nmodel a = "a" : sd1\nlet x = f(a)\nlet y = g(a)\noutput x\n');
    expect((graph.nodes[graph.output!] as MergeNode).method).toBe('f');
  });

  test('undefined names get a did-you-mean fix that edits the use', () => {
    const text = 'version 1\nmodel ghost = "g" : sd1\nlet out = f(ghots)\n';
    const { diagnostics } = graphOf(text);
    const undefinedName = diagnostics.find((d) => d.id === 'undefined-name')!;
    expect(undefinedName.fixes![0]!.edits[0]).toEqual({ span: undefinedName.span, newText: 'ghost' });
    expect(text.slice(undefinedName.span.start, undefinedName.span.end)).toBe('ghots');
  });
});

describe('canonicalGraph', () => {
  const canon = (text: string) => canonicalGraph(graphOf(text).graph);

  test('ignores names, statement order, keyword order and sharing', () => {
    const a = canon('version 1\nmodel x = "a" : sd1\nmodel y = "b" : sd1\nlet d = subtract(x, y)\nlet out = f(d, d, k=1, j=2)\n');
    const b = canon('version 1\nmodel q = "b" : sd1\nmodel p = "a" : sd1\nlet out = f(subtract(p, q), subtract(p, q), j=2, k=1)\n');
    expect(a).toBe(b);
  });

  test('tells different merges apart', () => {
    const base = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\n';
    const one = canon(base + 'let out = weighted_sum(a, b, alpha=0.5)\n');
    expect(canon(base + 'let out = weighted_sum(b, a, alpha=0.5)\n')).not.toBe(one);
    expect(canon(base + 'let out = weighted_sum(a, b, alpha=0.4)\n')).not.toBe(one);
    expect(canon(base + 'let out = slerp(a, b, alpha=0.5)\n')).not.toBe(one);
    expect(canon('version 1\nmodel a = "a" : sdxl\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b, alpha=0.5)\n')).not.toBe(one);
  });

  test('the right side of | wins where both sides set an entry', () => {
    const base = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\n';
    const x = canon(base + 'let out = f(a, b, alpha=blocks(sd1.unet, in0=1) | blocks(sd1.unet, in0=2))\n');
    const y = canon(base + 'let out = f(a, b, alpha=blocks(sd1.unet, in0=2))\n');
    const z = canon(base + 'let out = f(a, b, alpha=blocks(sd1.unet, in0=2) | blocks(sd1.unet, in0=1))\n');
    expect(x).toBe(y);
    expect(z).not.toBe(y);
  });
});
