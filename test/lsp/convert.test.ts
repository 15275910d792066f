import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  SEMANTIC_TOKENS_LEGEND,
  encodeSemanticTokens,
  kindRequested,
  toCodeAction,
  toCompletionItem,
  toDocumentSymbol,
  toHover,
  toLspDiagnostic,
  toOffset,
  toPosition,
  toRange,
  toSpan,
  toWorkspaceEdit,
} from '../../lsp/convert.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { LineIndex } from '../../src/text/line-index.js';

const index = (text: string) => new LineIndex(text);

describe('positions', () => {
  test('characters count UTF-16 units: an emoji is two', () => {
    const text = 'a😀b\n😀😀x';
    const lines = index(text);
    expect(toPosition(lines, text.indexOf('b'))).toEqual({ line: 0, character: 3 });
    expect(toPosition(lines, text.indexOf('x'))).toEqual({ line: 1, character: 4 });
    expect(toOffset(lines, { line: 1, character: 4 })).toBe(text.indexOf('x'));
  });

  test('CRLF ends a line once; the CR is not part of the line', () => {
    const text = 'ab\r\ncd\rе\n';
    const lines = index(text);
    expect(toPosition(lines, 4)).toEqual({ line: 1, character: 0 });
    expect(toPosition(lines, 7)).toEqual({ line: 2, character: 0 });
    // A character past the end of a line stops before its line break.
    expect(toOffset(lines, { line: 0, character: 99 })).toBe(2);
    expect(toOffset(lines, { line: 9, character: 0 })).toBe(text.length);
  });

  test('ranges and spans convert both ways; a reversed range gives an empty span', () => {
    const lines = index('let a = 1\r\nlet b = a\r\n');
    const range = toRange(lines, { start: 11, end: 20 });
    expect(range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
    expect(toSpan(lines, range)).toEqual({ start: 11, end: 20 });
    expect(toSpan(lines, { start: range.end, end: range.start })).toEqual({ start: 20, end: 20 });
  });

  test('offset -> position -> offset is the identity, except between a CR and its LF', () => {
    const text = fc.array(fc.constantFrom('a', ' ', '\n', '\r', '\r\n', '😀', 'é'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.nat(), (t, n) => {
        const offset = n % (t.length + 1);
        if (t[offset - 1] === '\r' && t[offset] === '\n') return;
        const lines = index(t);
        expect(toOffset(lines, toPosition(lines, offset))).toBe(offset);
      }),
    );
  });
});

describe('diagnostics', () => {
  const base: Diagnostic = { id: 'unknown-method', code: 3001, severity: 'error', message: "unknown merge method 'weigted_sum'", span: { start: 21, end: 32 } };
  const lines = index('version 1\r\nlet out = weigted_sum(a, b)\r\n');

  test('code as people write it, source, severity and range', () => {
    expect(toLspDiagnostic(lines, base)).toEqual({
      range: { start: { line: 1, character: 10 }, end: { line: 1, character: 21 } },
      severity: 1,
      code: 'MECHA3001',
      source: 'mecha',
      message: "unknown merge method 'weigted_sum'",
      data: { id: 'unknown-method' },
    });
  });

  test('warnings, infos, the help line, and unused names drawn faded', () => {
    expect(toLspDiagnostic(lines, { ...base, severity: 'warning' }).severity).toBe(2);
    expect(toLspDiagnostic(lines, { ...base, severity: 'info' }).severity).toBe(3);
    expect(toLspDiagnostic(lines, { ...base, help: "did you mean 'weighted_sum'?" }).message).toBe(
      "unknown merge method 'weigted_sum'\ndid you mean 'weighted_sum'?",
    );
    expect(toLspDiagnostic(lines, { ...base, id: 'unused-binding', code: 2004, severity: 'warning' }).tags).toEqual([1]);
    expect(toLspDiagnostic(lines, base).tags).toBeUndefined();
  });
});

describe('edits and code actions', () => {
  const uri = 'file:///r.mecha';
  const lines = index('a😀 = typo\n');

  test('a workspace edit keyed by the document', () => {
    expect(toWorkspaceEdit(uri, lines, [{ span: { start: 6, end: 10 }, newText: 'type' }])).toEqual({
      changes: { [uri]: [{ range: { start: { line: 0, character: 6 }, end: { line: 0, character: 10 } }, newText: 'type' }] },
    });
  });

  test('a quick fix carries its diagnostic and preference; a refactor neither', () => {
    const diagnostic: Diagnostic = { id: 'undefined-name', code: 2001, severity: 'error', message: 'm', span: { start: 6, end: 10 } };
    const fix = toCodeAction(uri, lines, { title: 'Fix', kind: 'quickfix', edits: [], diagnostic, preferred: true });
    expect(fix.kind).toBe('quickfix');
    expect(fix.isPreferred).toBe(true);
    expect(fix.diagnostics?.[0]?.code).toBe('MECHA2001');
    const refactor = toCodeAction(uri, lines, { title: 'Inline', kind: 'refactor', edits: [] });
    expect(refactor).toEqual({ title: 'Inline', kind: 'refactor', edit: { changes: { [uri]: [] } } });
  });

  test('requested kinds match by prefix', () => {
    expect(kindRequested('quickfix', undefined)).toBe(true);
    expect(kindRequested('refactor', ['refactor'])).toBe(true);
    expect(kindRequested('refactor.rewrite', ['refactor'])).toBe(true);
    expect(kindRequested('refactorish', ['refactor'])).toBe(false);
    expect(kindRequested('quickfix', ['refactor'])).toBe(false);
  });
});

describe('completion, hover, symbols', () => {
  const lines = index('x\nblocks(sd1.unet, in\n');

  test('kinds map to the editor icons; a replace span becomes a text edit', () => {
    const block = toCompletionItem(lines, { label: 'in0', kind: 'block', replace: { start: 19, end: 21 }, detail: '12 keys', sortText: '0' });
    expect(block).toEqual({
      label: 'in0',
      kind: 20,
      detail: '12 keys',
      sortText: '0',
      textEdit: { range: { start: { line: 1, character: 17 }, end: { line: 1, character: 19 } }, newText: 'in0' },
    });
    expect(toCompletionItem(lines, { label: 'x', kind: 'model-path' }).kind).toBe(17);
    expect(toCompletionItem(lines, { label: 'a', kind: 'name' }).kind).toBe(6);
    expect(toCompletionItem(lines, { label: 'sd1', kind: 'architecture' }).kind).toBe(7);
    expect(toCompletionItem(lines, { label: 'let', kind: 'statement' }).kind).toBe(14);
  });

  test('hover is markdown with the range it is about', () => {
    expect(toHover(lines, { span: { start: 2, end: 8 }, markdown: '`blocks`' })).toEqual({
      contents: { kind: 'markdown', value: '`blocks`' },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } },
    });
  });

  test('symbols keep their full and name ranges', () => {
    const symbol = toDocumentSymbol(lines, { name: 'x', kind: 'model', span: { start: 0, end: 1 }, selectionSpan: { start: 0, end: 1 } });
    expect(symbol).toEqual({
      name: 'x',
      kind: 1,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      selectionRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    });
  });
});

describe('semantic tokens', () => {
  const type = (name: string) => SEMANTIC_TOKENS_LEGEND.tokenTypes.indexOf(name);

  test('relative encoding, sorted, with modifier bits', () => {
    const lines = index('model a = "x"\nlet b = a\n');
    const data = encodeSemanticTokens(lines, [
      { span: { start: 22, end: 23 }, type: 'variable', modifiers: ['readonly'] },
      { span: { start: 0, end: 5 }, type: 'keyword', modifiers: [] },
      { span: { start: 6, end: 7 }, type: 'variable', modifiers: ['declaration', 'readonly'] },
    ]);
    expect(data).toEqual([0, 0, 5, type('keyword'), 0, 0, 6, 1, type('variable'), 0b11, 1, 8, 1, type('variable'), 0b10]);
  });

  test('a token over a line break is split per line; overlapping and empty tokens are dropped', () => {
    const lines = index('"ab\r\ncd" x');
    const data = encodeSemanticTokens(lines, [
      { span: { start: 0, end: 8 }, type: 'string', modifiers: [] },
      { span: { start: 1, end: 2 }, type: 'operator', modifiers: [] },
      { span: { start: 9, end: 9 }, type: 'operator', modifiers: [] },
      { span: { start: 9, end: 10 }, type: 'variable', modifiers: [] },
    ]);
    expect(data).toEqual([0, 0, 3, type('string'), 0, 1, 0, 3, type('string'), 0, 0, 4, 1, type('variable'), 0]);
  });
});
