import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { CodeAction, LanguageService, Location, SemanticToken } from '../../src/service/api.js';
import type { Span } from '../../src/text/span.js';

/**
 * A test double of the language service, to test the LSP layer on its own: it knows nothing of mecha, only words.
 * - every `typo` is an error (MECHA2001) with a fix to `type`;
 * - a hover on a word shows it in bold; completion offers `weighted_sum` over the word being typed;
 * - a word's definition is its first occurrence, its references every occurrence;
 * - `let NAME` lines are symbols; `let` is a keyword token, digits are numbers;
 * - formatting removes trailing spaces; renaming to a name that is not a word fails.
 * It records the calls the server makes, to test when the server calls it.
 */
export interface FakeService extends LanguageService {
  readonly calls: { method: string; uri: string; at?: number }[];
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

function words(text: string): { word: string; span: Span }[] {
  return [...text.matchAll(WORD)].map((m) => ({ word: m[0], span: { start: m.index, end: m.index + m[0].length } }));
}

function wordAt(text: string, offset: number): { word: string; span: Span } | undefined {
  return words(text).find((w) => w.span.start <= offset && offset <= w.span.end);
}

export function createFakeService(): FakeService {
  const texts = new Map<string, string>();
  const calls: FakeService['calls'] = [];
  const text = (uri: string) => texts.get(uri) ?? '';

  function diagnostics(uri: string): Diagnostic[] {
    return words(text(uri))
      .filter((w) => w.word === 'typo')
      .map((w) => ({
        id: 'undefined-name',
        code: 2001,
        severity: 'error' as const,
        message: "cannot find name 'typo'",
        span: w.span,
        help: "did you mean 'type'?",
        fixes: [{ title: "Change to 'type'", edits: [{ span: w.span, newText: 'type' }] }],
      }));
  }

  return {
    calls,
    setDocument(uri, newText) {
      calls.push({ method: 'setDocument', uri });
      texts.set(uri, newText);
    },
    removeDocument(uri) {
      calls.push({ method: 'removeDocument', uri });
      texts.delete(uri);
    },
    hostChanged() {
      calls.push({ method: 'hostChanged', uri: '' });
    },
    getText: (uri) => texts.get(uri),
    diagnostics(uri) {
      calls.push({ method: 'diagnostics', uri, at: Date.now() });
      return diagnostics(uri);
    },
    completions(uri, offset) {
      calls.push({ method: 'completions', uri, at: offset });
      const word = wordAt(text(uri), offset);
      return [
        {
          label: 'weighted_sum',
          kind: 'method',
          detail: '(a, b, alpha=0.5) -> weight',
          documentation: 'Interpolates *linearly*.',
          replace: word?.span ?? { start: offset, end: offset },
        },
        { label: 'alpha', kind: 'keyword-argument', insertText: 'alpha=' },
      ];
    },
    hover(uri, offset) {
      const word = wordAt(text(uri), offset);
      return word && { span: word.span, markdown: `**${word.word}**` };
    },
    definition(uri, offset) {
      const word = wordAt(text(uri), offset);
      const first = word && words(text(uri)).find((w) => w.word === word.word);
      return first ? [{ uri, span: first.span }] : [];
    },
    references(uri, offset, includeDeclaration) {
      const word = wordAt(text(uri), offset);
      if (!word) return [];
      const all: Location[] = words(text(uri))
        .filter((w) => w.word === word.word)
        .map((w) => ({ uri, span: w.span }));
      return includeDeclaration ? all : all.slice(1);
    },
    prepareRename: (uri, offset) => wordAt(text(uri), offset)?.span,
    rename(uri, offset, newName) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return { error: `'${newName}' is not a valid name` };
      const word = wordAt(text(uri), offset);
      if (!word) return { error: 'nothing to rename here' };
      return { newText: newName, edits: this.references(uri, offset, true) };
    },
    documentSymbols(uri) {
      return [...text(uri).matchAll(/^let ([A-Za-z_]\w*)[^\r\n]*/gm)].map((m) => {
        const nameStart = m.index + 4;
        return {
          name: m[1]!,
          kind: 'let' as const,
          detail: 'sd1 weight',
          span: { start: m.index, end: m.index + m[0].length },
          selectionSpan: { start: nameStart, end: nameStart + m[1]!.length },
        };
      });
    },
    format(uri) {
      return [...text(uri).matchAll(/ +(?=\r?\n|$)/g)].map((m) => ({ span: { start: m.index, end: m.index + m[0].length }, newText: '' }));
    },
    semanticTokens(uri) {
      const tokens: SemanticToken[] = [];
      for (const m of text(uri).matchAll(/\blet\b|\d+/g)) {
        const span = { start: m.index, end: m.index + m[0].length };
        tokens.push(m[0] === 'let' ? { span, type: 'keyword', modifiers: [] } : { span, type: 'number', modifiers: ['readonly'] });
      }
      return tokens.reverse(); // out of order on purpose: the server must sort them
    },
    codeActions(uri, span) {
      const actions: CodeAction[] = [];
      for (const d of diagnostics(uri)) {
        if (d.span.end < span.start || d.span.start > span.end) continue;
        for (const fix of d.fixes ?? []) actions.push({ title: fix.title, kind: 'quickfix', edits: fix.edits, diagnostic: d, preferred: true });
      }
      actions.push({ title: 'Sort the models', kind: 'refactor', edits: [] });
      return actions;
    },
    recipeView: () => undefined,
  };
}
