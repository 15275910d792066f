import type { Document } from '../ast/nodes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parse } from '../parser/parse.js';
import { printLegacy } from './print-legacy.js';
import { printV1, type PrintOptions } from './print-v1.js';
import { convertToV1, type MethodLookup } from './to-v1.js';

export interface FormatOptions extends PrintOptions {
  /** Convert a legacy recipe to version 1 (`mechac fmt --to v1`); a v1 recipe is only formatted. */
  readonly to?: 'v1';
  /** Method signatures, so that a conversion spells hyperparameters as v1 reads them (see MethodLookup). */
  readonly methods?: MethodLookup;
}

export interface FormatResult {
  /** The formatted text, or the input unchanged when it has syntax errors or cannot be converted. */
  readonly text: string;
  /** The parser's diagnostics (and the converter's); formatting happened only if none is an error. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Formats a recipe in canonical layout. Never throws; a file with syntax errors comes back unchanged. */
export function formatText(text: string, options: FormatOptions = {}): FormatResult {
  const result = formatLf(text, options);
  if (result.text === text) return result;
  // A file written with CRLF line ends keeps them, and a byte-order mark stays.
  let formatted = text.includes('\r\n') ? result.text.replace(/\r?\n/g, '\r\n') : result.text;
  if (text.startsWith(BOM) && !formatted.startsWith(BOM)) formatted = BOM + formatted;
  return { ...result, text: formatted };
}

const BOM = '\uFEFF';

function formatLf(text: string, options: FormatOptions): FormatResult {
  const parsed = parse(text);
  if (hasErrors(parsed.diagnostics)) return { text, diagnostics: parsed.diagnostics };
  if (options.to === 'v1' && parsed.document.dialect !== 'v1') {
    const converted = convertToV1(parsed.document, text, options.methods);
    if (converted.text === undefined) return { text, diagnostics: [...parsed.diagnostics, ...converted.diagnostics] };
    const reparsed = parse(converted.text);
    // The converter writes only what the parser reads; if that ever fails, keep the input rather than lose it.
    if (hasErrors(reparsed.diagnostics)) return { text, diagnostics: [...parsed.diagnostics, ...reparsed.diagnostics] };
    return { text: printDocument(reparsed.document, converted.text, options), diagnostics: converted.diagnostics };
  }
  return { text: printDocument(parsed.document, text, options), diagnostics: parsed.diagnostics };
}

/** Prints a parsed document (without syntax errors) in its dialect's canonical layout. */
export function printDocument(document: Document, text: string, options: PrintOptions = {}): string {
  return document.dialect === 'v1' ? printV1(document, text, options) : printLegacy(document, text);
}

function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
