import { describe, expect, test } from 'vitest';
import type { Document, Expression, LegacyStatement, LetDecl, Statement } from '../../src/ast/nodes.js';
import { compareDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { MAX_NESTING, MAX_PIPES, MAX_SYNTAX_DIAGNOSTICS, parse } from '../../src/parser/parse.js';
import { spanProblems } from './walk-spans.js';

function ids(text: string): string[] {
  return parse(text).diagnostics.map((d) => d.id);
}

function statement<K extends Statement['kind']>(doc: Document, i: number, kind: K): Extract<Statement, { kind: K }> {
  const s = doc.statements[i];
  expect(s?.kind).toBe(kind);
  return s as Extract<Statement, { kind: K }>;
}

function letValue(doc: Document, i: number): Expression {
  return statement(doc, i, 'LetDecl').value;
}

describe('empty and blank files', () => {
  test.each([
    ['empty', ''],
    ['blank lines', '\n\n  \n'],
    ['comments only', '# a\n  # b\n'],
  ])('%s: an empty v1 document without diagnostics', (_name, text) => {
    const { document, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(document.statements).toEqual([]);
    expect(document.dialect).toBe('v1');
    expect(document.version).toBeUndefined();
    expect(document.span).toEqual({ start: 0, end: text.length });
  });
});

describe('dialects', () => {
  test('`version 1` selects v1 and is kept as the header', () => {
    const { document } = parse('version 1\nmodel a = "a"\n');
    expect(document.dialect).toBe('v1');
    expect(document.version).toMatchObject({ kind: 'VersionDecl', value: '1', span: { start: 0, end: 9 } });
  });

  test('`version 0.1.0` selects sd-mecha 0.1.0', () => {
    const { document, diagnostics } = parse('version 0.1.0\nmodel "a" model_config="sd1-ldm" merge_space="weight"\n');
    expect(diagnostics).toEqual([]);
    expect(document.dialect).toBe('legacy-0.1.0');
    expect(document.version?.value).toBe('0.1.0');
  });

  test('no header: any v1-only statement makes the file v1', () => {
    expect(parse('let a = 1').document.dialect).toBe('v1');
    expect(parse('param p : sd1').document.dialect).toBe('v1');
    expect(parse('output x').document.dialect).toBe('v1');
    expect(parse('model a = "a"').document.dialect).toBe('v1');
  });

  test('no header and sd-mecha lines: legacy', () => {
    const { document, diagnostics } = parse('model "a" "sd1" "base"\nmerge "weighted_sum" &0 &0 alpha=0.5\n');
    expect(diagnostics).toEqual([]);
    expect(document.dialect).toBe('legacy');
  });

  test('an unsupported version is reported with the supported ones, and the content decides the dialect', () => {
    const legacy = parse('version 2\nmodel "a" "sd1" "base"\n');
    expect(legacy.diagnostics.map((d) => d.id)).toEqual(['unsupported-version']);
    expect(legacy.diagnostics[0]!.message).toContain("'1'");
    expect(legacy.diagnostics[0]!.message).toContain("'0.1.0'");
    expect(legacy.document.dialect).toBe('legacy');
    expect(parse('version 3.0.0\nlet a = 1\n').document.dialect).toBe('v1');
  });

  test('a line of the other dialect is reported with the reason the file is in its dialect', () => {
    const v1 = parse('version 1\nmerge "m" &0\n');
    expect(v1.diagnostics.map((d) => d.id)).toEqual(['legacy-statement-in-v1']);
    expect(v1.diagnostics[0]!.message).toContain("'version 1'");
    const legacy = parse('version 0.1.0\nlet a = 1\n');
    expect(legacy.diagnostics.map((d) => d.id)).toEqual(['v1-statement-in-legacy']);
    expect(legacy.diagnostics[0]!.message).toContain('sd-mecha 0.1.0');
  });
});

describe('legacy statements', () => {
  test('index counts legacy statements, skipping comments and blank lines', () => {
    const { document } = parse(
      'version 0.1.0\n# c\nmodel "a" model_config=null merge_space="weight"\n\ndict key=1\nmerge "m" &0 &1\n',
    );
    const indices = document.statements.map((s) => (s as LegacyStatement).index);
    expect(indices).toEqual([0, 1, 2]);
  });

  test('a misspelt command still takes its index, so later references keep their meaning', () => {
    const { document } = parse('model "a" "sd1" "base"\nmodle "b" "sd1" "base"\nmerge "m" &0 &1\n');
    expect(document.statements.map((s) => s.kind)).toEqual(['LegacyStatement', 'ErrorStatement', 'LegacyStatement']);
    expect((document.statements[2] as LegacyStatement).index).toBe(2);
  });

  test('arguments keep their source order and kinds', () => {
    const { document } = parse('merge "m" &0 k=1 &1 s="x" t=true n=null f=false\n');
    const s = statement(document, 0, 'LegacyStatement');
    expect(s.command).toBe('merge');
    expect(s.commandSpan).toEqual({ start: 0, end: 5 });
    expect(s.args.map((a) => (a.kind === 'KeywordArgument' ? `${a.name.name}=${a.value.kind}` : a.value.kind))).toEqual(
      [
        'StringLiteral',
        'Reference',
        'k=NumberLiteral',
        'Reference',
        's=StringLiteral',
        't=BooleanLiteral',
        'n=NullLiteral',
        'f=BooleanLiteral',
      ],
    );
  });

  test('a missing keyword value becomes an ErrorExpression and the next pair still parses', () => {
    const { document, diagnostics } = parse('merge "m" &0 alpha= beta=0.5\n');
    expect(diagnostics.map((d) => d.message)).toEqual(["expected a value after 'alpha='"]);
    const s = statement(document, 0, 'LegacyStatement');
    expect(s.args.map((a) => a.kind === 'KeywordArgument' && `${a.name.name}:${a.value.kind}`)).toEqual([
      false,
      false,
      'alpha:ErrorExpression',
      'beta:NumberLiteral',
    ]);
  });
});

describe('string values follow their dialect', () => {
  const valueOf = (text: string): string => {
    const { document } = parse(text);
    const s = document.statements[document.statements.length - 1]!;
    if (s.kind === 'ModelDecl') return s.path.value;
    const arg = (s as LegacyStatement).args[0]!;
    return (arg.value as { value: string }).value;
  };

  test('v1 unescapes \\" and \\\\', () => {
    expect(valueOf('model a = "x\\"y\\\\z"')).toBe('x"y\\z');
  });

  test('v1 reports other escapes and keeps them as written', () => {
    const { document, diagnostics } = parse('model a = "C:\\models"');
    expect(diagnostics.map((d) => d.id)).toEqual(['invalid-escape']);
    expect(statement(document, 0, 'ModelDecl').path.value).toBe('C:\\models');
  });

  test('sd-mecha 0.1.0 keeps the character after any backslash', () => {
    expect(valueOf('version 0.1.0\nmodel "C:\\\\m\\"x\\n"')).toBe('C:\\m"xn');
  });

  test('sd-mecha 0.0.x has no escapes: Windows paths stay as written', () => {
    expect(valueOf('model "C:\\models\\a" "sd1" "base"')).toBe('C:\\models\\a');
  });
});

describe('v1 expressions', () => {
  test('| is left-associative', () => {
    const { document } = parse('let x = a | b | c');
    const value = letValue(document, 0);
    expect(value.kind).toBe('PipeExpression');
    if (value.kind !== 'PipeExpression') return;
    expect(value.left.kind).toBe('PipeExpression');
    expect(value.right).toMatchObject({ kind: 'Identifier', name: 'c' });
  });

  test('calls record their argument list span, parentheses included', () => {
    const text = 'let x = f(a, k=1)';
    const value = letValue(parse(text).document, 0);
    expect(value.kind).toBe('CallExpression');
    if (value.kind !== 'CallExpression') return;
    expect(text.slice(value.argsSpan.start, value.argsSpan.end)).toBe('(a, k=1)');
    expect(value.args.map((a) => a.kind)).toEqual(['PositionalArgument', 'KeywordArgument']);
  });

  test('members, parentheses and literals', () => {
    const { document, diagnostics } = parse('let x = f(sd1.unet, (a), true, false, null, "s", -1.5e3)');
    expect(diagnostics).toEqual([]);
    const value = letValue(document, 0);
    if (value.kind !== 'CallExpression') throw new Error('expected a call');
    expect(value.args.map((a) => a.value.kind)).toEqual([
      'MemberExpression',
      'ParenExpression',
      'BooleanLiteral',
      'BooleanLiteral',
      'NullLiteral',
      'StringLiteral',
      'NumberLiteral',
    ]);
    expect(value.args[6]!.value).toMatchObject({ value: -1500, raw: '-1.5e3' });
  });

  test('a call may span lines, and a line may start with |', () => {
    const { document, diagnostics } = parse('let x = f(\n  a,\n  k=1,\n)\n  | g(b)\nlet y = x\n');
    expect(diagnostics).toEqual([]);
    expect(document.statements.map((s) => s.kind)).toEqual(['LetDecl', 'LetDecl']);
    expect(letValue(document, 0).kind).toBe('PipeExpression');
  });

  test('a keyword argument without a value holds an ErrorExpression right after the =', () => {
    const text = 'let x = f(a, alpha=)';
    const { document, diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.message)).toEqual(["expected a value after 'alpha='"]);
    const value = letValue(document, 0);
    if (value.kind !== 'CallExpression') throw new Error('expected a call');
    const kw = value.args[1]!;
    expect(kw.kind).toBe('KeywordArgument');
    expect(kw.value).toEqual({ kind: 'ErrorExpression', span: { start: 19, end: 19 } });
  });

  test('a missing ) names where the ( is, and the fix inserts it at the end of the statement', () => {
    const text = 'version 1\nlet x = f(a,\n  b\nlet y = 1\n';
    const { document, diagnostics } = parse(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toBe("missing ')' to close '(' at 2:10");
    expect(diagnostics[0]!.fixes?.[0]?.edits[0]).toEqual({ span: { start: 26, end: 26 }, newText: ')' });
    expect(document.statements.map((s) => s.kind)).toEqual(['LetDecl', 'LetDecl']);
  });

  test('a missing name keeps the statement, with an empty identifier', () => {
    const { document, diagnostics } = parse('let = 1');
    expect(diagnostics.map((d) => d.id)).toEqual(['expected-token']);
    const s = statement(document, 0, 'LetDecl') as LetDecl;
    expect(s.name).toEqual({ kind: 'Identifier', span: { start: 3, end: 3 }, name: '' });
    expect(s.value).toMatchObject({ kind: 'NumberLiteral', value: 1 });
  });
});

describe('recovery', () => {
  test('every broken line is reported, and the good lines between them still parse', () => {
    const text = [
      'version 1',
      'model a = "a" sd1', // unexpected name after the statement
      'model b = "b" : sd1',
      'let c = weighted_sum(a, b alpha=0.5)', // missing comma
      'let d = f(a', // missing )
      'let e = (a | b))', // unmatched )
      'let f = g(x, k=)', // missing value
      'let g = a',
    ].join('\n');
    const { document, diagnostics } = parse(text);
    const lines = diagnostics.map((d) => text.slice(0, d.span.start).split('\n').length);
    expect(lines).toEqual([2, 4, 5, 6, 7]);
    expect(document.statements.map((s) => s.kind)).toEqual([
      'ModelDecl',
      'ModelDecl',
      'LetDecl',
      'LetDecl',
      'LetDecl',
      'LetDecl',
      'LetDecl',
    ]);
    expect(statement(document, 6, 'LetDecl').name.name).toBe('g');
  });

  test('diagnostics come sorted by position', () => {
    const { diagnostics } = parse('let a = @\nlet b = f(\nlet c = $\nlet = 2\n');
    expect([...diagnostics].sort(compareDiagnostics)).toEqual(diagnostics);
  });

  test('characters the lexer dropped are the only complaint where they stand', () => {
    expect(ids('let a = @')).toEqual(['unexpected-character']);
    expect(ids('let é = 1')).toEqual(['unexpected-character']);
  });

  test('a deeply nested expression is refused without exhausting the stack', () => {
    const depth = 100_000;
    const text = `let x = ${'('.repeat(depth)}a${')'.repeat(depth)}\nlet y = 1\n`;
    const { document, diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.id)).toEqual(['nesting-too-deep']);
    // Reported at the parenthesis that goes one level past the limit.
    const at = 'let x = '.length + MAX_NESTING;
    expect(diagnostics[0]!.span).toEqual({ start: at, end: at + 1 });
    expect(document.statements.map((s) => s.kind)).toEqual(['ErrorStatement', 'LetDecl']);
  });

  test('nesting up to the limit parses; calls nested one level deeper are refused', () => {
    const nested = (depth: number): string => {
      let e = 'a';
      for (let i = 0; i < depth; i++) e = `f(${e}, b)`;
      return `version 1\nlet x = ${e}\n`;
    };
    expect(parse(nested(MAX_NESTING)).diagnostics).toEqual([]);
    expect(parse(nested(MAX_NESTING + 1)).diagnostics.map((d) => d.id)).toEqual(['nesting-too-deep']);
  });

  test('more than the limit of pipes is refused at the first pipe past it', () => {
    const text = `version 1\nlet m = a${' | a'.repeat(MAX_PIPES + 5)}\n`;
    const { diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.id)).toEqual(['too-complex']);
    expect(text[diagnostics[0]!.span.start]).toBe('|');
    expect(parse(`version 1\nlet m = a${' | a'.repeat(MAX_PIPES)}\n`).diagnostics).toEqual([]);
  });

  test('binary input gets one diagnostic, not one per byte', () => {
    const bytes = new Uint8Array(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    const text = new TextDecoder().decode(bytes);
    const { document, diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.id)).toEqual(['binary-file']);
    expect(document.statements.map((s) => s.kind)).toEqual(['ErrorStatement']);
    expect(spanProblems(document, text.length)).toEqual([]);
  });

  test('invalid UTF-8 without NUL bytes is also recognised as binary', () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = 0x80 + (i % 64);
    expect(ids(new TextDecoder().decode(bytes))).toEqual(['binary-file']);
  });

  test('one replacement character in a comment does not make a text file binary', () => {
    expect(ids('version 1\n# caf\uFFFD\nlet a = 1\n')).toEqual([]);
  });
});

describe('large files', () => {
  test('a 10 MB file with an error on every line: diagnostics are capped, with a count of the rest', () => {
    const line = 'let x = weighted_sum(a, b, alpha=@)\n';
    const lines = Math.ceil((10 * 1024 * 1024) / line.length);
    const text = 'version 1\n' + line.repeat(lines);
    const { document, diagnostics } = parse(text);
    expect(document.statements).toHaveLength(lines);
    expect(diagnostics).toHaveLength(MAX_SYNTAX_DIAGNOSTICS + 1);
    const last = diagnostics[diagnostics.length - 1]!;
    expect(last.id).toBe('too-many-errors');
    expect(last.message).toBe(`${lines - MAX_SYNTAX_DIAGNOSTICS} more syntax errors not shown`);
  });

  test('a 2 MB valid legacy file parses without diagnostics, indices running to the end', () => {
    const head = 'model "a" "sd1" "base"\nmodel "b" "sd1" "base"\n';
    const line = 'merge "weighted_sum" &0 &1 alpha=0.5 beta=1e-06\n';
    const count = Math.ceil((2 * 1024 * 1024) / line.length);
    const text = head + line.repeat(count);
    const { document, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(document.statements).toHaveLength(count + 2);
    expect((document.statements[count + 1] as LegacyStatement).index).toBe(count + 1);
  });
});
