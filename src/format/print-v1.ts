import { printer as docPrinter, type builders } from 'prettier/doc';
import type { Comment, Document, Statement, TypeAnnotation } from '../ast/nodes.js';
import { LineIndex } from '../text/line-index.js';
import { attachComments } from './attach.js';
import { itemsOf, type Item } from './comments.js';
import { commentText, ExpressionPrinter } from './print-expression.js';

type Doc = builders.Doc;

export interface PrintOptions {
  /** Where calls and pipes break; 100 unless a Prettier user sets `printWidth`. */
  readonly printWidth?: number;
}

/** A line-level item once printed: its lines, and the comment that trails its last line. */
interface Rendered {
  readonly item: Item;
  lines: string[];
  readonly trailing: Comment | undefined;
  /** For `model` and `let`: what `=` alignment needs. */
  readonly binding?: {
    readonly kind: string;
    readonly width: number;
    readonly oneLine: boolean;
    readonly render: (pad: number) => string[];
  };
}

/** Space between code and a trailing comment, at least. */
const COMMENT_GAP = 2;

/**
 * Prints a v1 document in canonical layout: one statement per line; `=` aligned within a run of consecutive
 * one-line bindings of the same kind; long calls and pipes broken; comments kept where they were, trailing
 * comments of a block aligned; blank lines between groups kept (one at most); a final newline.
 */
export function printV1(document: Document, text: string, options: PrintOptions = {}): string {
  const printWidth = options.printWidth ?? 100;
  const items = itemsOf(document, text);
  const rendered: Rendered[] = [];

  for (const item of items) {
    if (item.kind === 'comment') {
      rendered.push({ item, lines: [commentText(item.node)], trailing: undefined });
      continue;
    }
    if (item.kind === 'header') {
      rendered.push({ item, lines: [`version ${item.node.value}`], trailing: item.trailing });
      continue;
    }
    const { attachments, unplaced } = attachComments(item.node, item.inner, text);
    const render = (pad: number): string[] => [
      ...unplaced.map(commentText),
      ...print(statementDoc(item.node, pad, new ExpressionPrinter(attachments, printWidth), text), printWidth),
    ];
    const lines = render(0);
    const name = bindingName(item.node);
    const binding = name && { ...name, oneLine: lines.length === 1, render };
    rendered.push({ item, lines, trailing: item.trailing, ...(binding ? { binding } : {}) });
  }

  alignBindings(rendered);
  alignTrailingComments(rendered, new LineIndex(text));

  const out: string[] = [];
  rendered.forEach((entry, index) => {
    if (index > 0 && entry.item.blankBefore) out.push('');
    for (const line of entry.lines) out.push(line);
  });
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

/**
 * Pads the names of each run of consecutive one-line bindings of one kind so their `=` line up. Blank lines and
 * statements of another kind or over several lines end a run; comments on their own line do not.
 */
function alignBindings(all: Rendered[]): void {
  let run: Rendered[] = [];
  const flush = (): void => {
    if (run.length > 1) {
      // Folds, not spreads into Math.max: a run may hold every line of a long file.
      const widest = run.reduce((w, r) => Math.max(w, r.binding!.width), 0);
      for (const r of run) {
        const pad = widest - r.binding!.width;
        if (pad > 0) r.lines = r.binding!.render(pad);
      }
    }
    run = [];
  };
  for (const entry of all) {
    if (entry.item.blankBefore) flush();
    if (entry.item.kind === 'comment') continue;
    const binding = entry.binding;
    if (!binding || !binding.oneLine) {
      flush();
      continue;
    }
    if (run.length > 0 && run[0]!.binding!.kind !== binding.kind) flush();
    run.push(entry);
  }
  flush();
}

/**
 * Trailing comments of a block (lines between blank lines) share one column: two spaces past the longest line
 * that carries one, or further right where the author had put them.
 */
function alignTrailingComments(all: Rendered[], lines: LineIndex): void {
  let block: Rendered[] = [];
  const flush = (): void => {
    const commented = block.filter((r) => r.trailing);
    if (commented.length > 0) {
      const needed = commented.reduce((w, r) => Math.max(w, r.lines[r.lines.length - 1]!.length + COMMENT_GAP), 0);
      const written = commented.reduce((w, r) => Math.max(w, lines.positionAt(r.trailing!.span.start).character), 0);
      const column = Math.max(needed, written);
      for (const r of commented) {
        const last = r.lines.length - 1;
        r.lines[last] = r.lines[last]!.padEnd(column) + commentText(r.trailing!);
      }
    }
    block = [];
  };
  for (const entry of all) {
    if (entry.item.blankBefore) flush();
    block.push(entry);
  }
  flush();
}

function bindingName(statement: Statement): { kind: string; width: number } | undefined {
  if (statement.kind === 'ModelDecl' || statement.kind === 'LetDecl') {
    return { kind: statement.kind, width: statement.name.name.length };
  }
  return undefined;
}

function statementDoc(statement: Statement, pad: number, printer: ExpressionPrinter, text: string): Doc {
  const padding = ' '.repeat(pad);
  switch (statement.kind) {
    case 'ModelDecl':
      return ['model ', statement.name.name, padding, ' = ', statement.path.raw, typeText(statement.type)];
    case 'ParamDecl':
      return ['param ', statement.name.name, typeText(statement.type)];
    case 'LetDecl': {
      const prefix = `let ${statement.name.name}${padding} = `;
      return [prefix, printer.aligned(prefix.length, statement.value)];
    }
    case 'OutputDecl':
      return ['output ', printer.aligned('output '.length, statement.value)];
    default:
      // Not reached for a file without syntax errors; kept as written, on one line.
      return text.slice(statement.span.start, statement.span.end).replace(/\s+/g, ' ').trim();
  }
}

function typeText(type: TypeAnnotation | undefined): string {
  if (!type) return '';
  return ` : ${type.arch.name}${type.space ? ' ' + type.space.name : ''}`;
}

function print(doc: Doc, printWidth: number): string[] {
  return docPrinter.printDocToString(doc, { printWidth, tabWidth: 2 }).formatted.split('\n');
}
