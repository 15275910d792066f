import { createRegistry, type Registry } from '../../src/registry/index.js';
import type { LanguageService, ServiceHost } from '../../src/service/api.js';
import { createLanguageService } from '../../src/service/service.js';
import type { Span } from '../../src/text/span.js';

/** The cursor marker of test sources, as in Langium's tests. */
export const CURSOR = '<|>';

/** A source with one `<|>`: the text without it, and the offset where it was. */
export function withCursor(source: string): { text: string; offset: number } {
  const offset = source.indexOf(CURSOR);
  if (offset < 0 || source.indexOf(CURSOR, offset + 1) >= 0)
    throw new Error(`expected exactly one ${CURSOR} in ${JSON.stringify(source)}`);
  return { text: source.slice(0, offset) + source.slice(offset + CURSOR.length), offset };
}

/** One registry for the tests of a file: it holds no state, and its indexes are built on first use. */
export const REGISTRY: Registry = createRegistry();

export const URI = 'file:///test.mecha';

/** A service holding `text` as its one document. */
export function serviceWith(text: string, host?: ServiceHost): LanguageService {
  const service = createLanguageService({ registry: REGISTRY, ...(host ? { host } : {}) });
  service.setDocument(URI, text, 1);
  return service;
}

/** A service and the cursor of a marked source. */
export function atCursor(
  source: string,
  host?: ServiceHost,
): { service: LanguageService; text: string; offset: number } {
  const { text, offset } = withCursor(source);
  return { service: serviceWith(text, host), text, offset };
}

/** The labels of the completions at the marked cursor. */
export function completionLabels(source: string, host?: ServiceHost): string[] {
  const { service, offset } = atCursor(source, host);
  return service.completions(URI, offset).map((item) => item.label);
}

/** The text a span covers. */
export function textOf(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Applies edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: readonly { span: Span; newText: string }[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  }
  return out;
}
