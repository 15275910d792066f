import type { AstPath, Parser, ParserOptions, Plugin, Printer, SupportLanguage } from 'prettier';
import type { Document } from '../ast/nodes.js';
import { parse } from '../parser/parse.js';
import { LineIndex } from '../text/line-index.js';
import { printDocument } from './format.js';

/**
 * mecha as a Prettier plugin: `prettier --plugin ./dist/src/format/plugin.js --write '**\/*.mecha'`.
 * The layout is the one `mechac fmt` prints; only `printWidth` is taken from Prettier's options (100 by default).
 */

/** What the plugin's parser hands to its printer: the whole file, already laid out by mecha's own printer. */
export interface MechaRoot {
  readonly type: 'mecha-root';
  readonly document: Document;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export const languages: SupportLanguage[] = [
  {
    name: 'mecha',
    parsers: ['mecha'],
    extensions: ['.mecha'],
    tmScope: 'source.mecha',
    vscodeLanguageIds: ['mecha'],
  },
];

/** Prettier's convention for syntax errors: an Error with a 1-based `loc`, which it prints as a code frame. */
class MechaSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } },
  ) {
    super(message);
  }
}

const mechaParser: Parser<MechaRoot> = {
  astFormat: 'mecha',
  parse(text: string): MechaRoot {
    const { document, diagnostics } = parse(text);
    const error = diagnostics.find((d) => d.severity === 'error');
    if (error) {
      // Prettier's host contract: a parser reports a syntax error by throwing it.
      const lines = new LineIndex(text);
      const at = (offset: number) => {
        const p = lines.positionAt(offset);
        return { line: p.line + 1, column: p.character + 1 };
      };
      throw new MechaSyntaxError(`${error.message} (${error.code})`, { start: at(error.span.start), end: at(error.span.end) });
    }
    return { type: 'mecha-root', document, text, start: 0, end: text.length };
  },
  locStart: (node: MechaRoot) => node.start,
  locEnd: (node: MechaRoot) => node.end,
};

const mechaPrinter: Printer<MechaRoot> = {
  print(path: AstPath<MechaRoot>, options: ParserOptions<MechaRoot>): string {
    const root = path.node;
    return printDocument(root.document, root.text, { printWidth: options.printWidth });
  },
};

export const parsers: Record<string, Parser<MechaRoot>> = { mecha: mechaParser };
export const printers: Record<string, Printer<MechaRoot>> = { mecha: mechaPrinter };
export const defaultOptions = { printWidth: 100 };

const plugin: Plugin<MechaRoot> = { languages, parsers, printers, defaultOptions };
export default plugin;
