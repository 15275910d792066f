import { CHECK } from '../../diagnostics/codes/check.js';
import type { Fix, TextEdit } from '../../diagnostics/diagnostic.js';
import { bareValue } from '../../graph/singleton.js';
import type { HyperValue, LiteralNode } from '../../graph/types.js';
import { SINGLETON_CONFIG_ID } from '../../registry/model-config.js';
import type { CheckContext, Rule } from '../context.js';
import { quote } from '../fixes.js';

/**
 * An sd-mecha 0.1.0 `literal` holding a plain value (`literal 0.3 model_config="singleton-mecha" ...`). sd-mecha
 * 1.x refuses the line (a literal wraps a dict of values), so the recipe would not load there. For a singleton the
 * fix writes it the way sd-mecha does: `dict key=0.3` on a new line, the literal referring to it, every later `&N`
 * renumbered.
 */
export const bareLiteralRule: Rule = (context) => ({
  literal(node) {
    const value = bareValue(node);
    if (value === undefined) return;
    const text = valueText(value);
    if (node.config !== SINGLETON_CONFIG_ID || node.index === undefined) {
      context.report(CHECK.BareLiteral, value.span, { value: text }, { help: 'write the values on a `dict` line and refer to it: `literal &N ...`' });
      return;
    }
    context.report(CHECK.BareLiteral, value.span, { value: text }, {
      help: `sd-mecha writes it as \`dict key=${text}\`, then \`literal &${node.index} ...\``,
      fixes: [dictFix(context, node, value, text)],
    });
  },
});

function valueText(value: HyperValue): string {
  switch (value.kind) {
    case 'number':
      return value.raw;
    case 'string':
      return quote(value.value);
    case 'bool':
      return String(value.value);
    default:
      return 'null';
  }
}

/** Inserts `dict key=VALUE` before the literal, points the literal at it, and shifts every later reference. */
function dictFix(context: CheckContext, node: LiteralNode, value: HyperValue, text: string): Fix {
  const index = node.index!;
  const indent = indentBefore(context.options.text, node.span.start);
  const edits: TextEdit[] = [
    { span: { start: node.span.start, end: node.span.start }, newText: `dict key=${text}\n${indent}` },
    { span: value.span, newText: `&${index}` },
  ];
  for (const use of context.graph.uses) {
    if (use.span.start < node.span.end) continue;
    const referenced = Number(use.text.slice(1));
    if (use.text.startsWith('&') && Number.isInteger(referenced) && referenced >= index) {
      edits.push({ span: use.span, newText: `&${referenced + 1}` });
    }
  }
  return { title: `Move ${text} into a dict line`, edits };
}

/** The spaces and tabs between the start of a line and `offset`, so the inserted line lines up. */
function indentBefore(text: string | undefined, offset: number): string {
  if (text === undefined) return '';
  let start = offset;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return text.slice(start, offset);
}
