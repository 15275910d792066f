import { isNode, isPair, isScalar, parseDocument, type Document } from 'yaml';
import type { ArchitectureData } from './architecture-data.js';
import { formatPath, validateArchitectureData } from './validate-architecture.js';

/** A problem in a user's architecture file, with where it is when that can be told. */
export interface ArchitectureFileError {
  readonly file: string;
  /** 1-based, when known. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** Where in the document (`components[0].blocks.in*`); empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

export interface LoadedArchitectureFile {
  readonly data: ArchitectureData | undefined;
  readonly errors: readonly ArchitectureFileError[];
}

/**
 * Parses and validates a user's architecture file, JSON or YAML. Never throws: a file with problems gives
 * `data: undefined` and the errors, each with its line when it can be told. JSON is parsed as JSON (strict and
 * fast); it is read again as the YAML it also is only to locate problems.
 */
export function loadArchitectureFile(text: string, fileName: string): LoadedArchitectureFile {
  const json = /\.json$/i.test(fileName) || (!/\.ya?ml$/i.test(fileName) && text.trimStart().startsWith('{'));
  if (json) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const at = / at position (\d+)/.exec(message);
      const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined;
      const pos = offset === undefined ? undefined : position(lineStartsOf(text), offset);
      return {
        data: undefined,
        errors: [
          {
            file: fileName,
            line: pos?.line,
            column: pos?.column,
            path: '',
            message: message.replace(/ in JSON at position \d+.*$/, ''),
          },
        ],
      };
    }
    const { data, problems } = validateArchitectureData(value);
    if (problems.length === 0) return { data, errors: [] };
  }

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { uniqueKeys: true });
  } catch (error) {
    return { data: undefined, errors: [problem(fileName, '', (error as Error).message)] };
  }
  if (doc.errors.length > 0) {
    return {
      data: undefined,
      errors: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { file: fileName, line: pos?.line, column: pos?.col, path: '', message: firstLine(e.message) };
      }),
    };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolvable YAML aliases and alias bombs surface only when the document is converted.
    return { data: undefined, errors: [problem(fileName, '', (error as Error).message)] };
  }
  const { data, problems } = validateArchitectureData(value);
  const lineStarts = lineStartsOf(text);
  return {
    data,
    errors: problems.map((p) => {
      const offset = offsetOf(doc, p.path);
      const pos = offset === undefined ? undefined : position(lineStarts, offset);
      return { file: fileName, line: pos?.line, column: pos?.column, path: formatPath(p.path), message: p.message };
    }),
  };
}

/** `file:line:column: path: message`, the way the CLI prints it. */
export function formatArchitectureFileError(e: ArchitectureFileError): string {
  const where = e.line === undefined ? e.file : `${e.file}:${e.line}:${e.column ?? 1}`;
  return `${where}: ${e.path ? `${e.path}: ` : ''}${e.message}`;
}

function problem(file: string, path: string, message: string): ArchitectureFileError {
  return { file, line: undefined, column: undefined, path, message };
}

/** The parser's message without its code excerpt and position (reported in their own fields). */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** The offset of the deepest node along `path` that exists (the parent when a field is missing). */
function offsetOf(doc: Document.Parsed, path: readonly (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
    if (isPair(node) && isScalar(node.key) && node.key.range) return node.key.range[0];
  }
  return undefined;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}
